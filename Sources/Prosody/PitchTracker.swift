import Core
import Foundation

/// One hop's pitch measurement.
public struct PitchEstimate: Sendable, Equatable {
    /// Fundamental frequency in Hz, nil when unvoiced.
    public var f0Hz: Float?
    /// Peak of the normalised square difference function for the chosen (or best) candidate, 0...1.
    public var clarity: Float
    /// Mean square of the frame in each of the four ``PitchTracker/speechBandEdgesHz`` bands,
    /// for voice activity and pace (a by-product of the pitch FFT).
    public var bandMeanSquares: SIMD4<Float>

    /// Mean square of the whole speech band, 250 Hz to 3.5 kHz.
    public var speechBandMeanSquare: Float { bandMeanSquares.sum() }
}

/// Fundamental-frequency tracker: McLeod's normalised square difference function (NSDF)
/// computed through one forward and one inverse FFT per hop, parabolic sub-sample
/// interpolation, and a causal Viterbi pass over the candidates that guards against
/// octave jumps without adding latency.
///
/// The NSDF is n(τ) = 2 r(τ) / m(τ), where r is the autocorrelation over the overlap and
/// m the energy of the two overlapping parts (McLeod & Wyvill, "A smarter way to find pitch",
/// ICMC 2005). Its peaks measure periodicity on a 0...1 scale whatever the level, and it
/// keeps working when the fundamental itself has been filtered out (telephone band).
///
/// The candidate path search follows Boersma's cost model (Praat's "To Pitch (ac)":
/// octave cost, octave-jump cost, voiced/unvoiced cost), run forward only: each hop
/// reports the end of the best path so far, so the tracker is causal.
public final class PitchTracker {
    /// Sample rate of the input.
    public let sampleRate: Int
    /// Samples in one analysis frame: two of the longest periods searched.
    public let frameLength: Int
    /// Shortest lag searched (highest f0), in samples.
    public let minimumLag: Int
    /// Longest lag searched (lowest f0), in samples.
    public let maximumLag: Int

    /// How much a candidate gains per octave higher: breaks ties between T and 2T in favour of T.
    static let octaveCost: Float = 0.01
    /// Cost of a jump of one octave between consecutive hops of 10 ms (scaled to the real hop).
    static let octaveJumpCostPer10ms: Float = 0.35
    /// Cost of switching between voiced and unvoiced, per switch.
    static let voicedUnvoicedCost: Float = 0.14
    /// Peaks weaker than this are not even candidates.
    static let minimumCandidateClarity: Float = 0.25
    /// Speaker prior: candidates further than this many octaves from the speaker's median lose strength...
    static let priorFreeOctaves: Float = 0.75
    /// ...at this rate per octave beyond it (a voice rarely strays over an octave from its median).
    static let priorCostPerOctave: Float = 0.3
    /// Most candidates kept per hop.
    static let maximumCandidates = 6
    /// Frames quieter than this (mean square, about -90 dBFS) are unvoiced without analysis.
    static let silenceMeanSquare: Float = 1e-9

    private let fft: RealFFT
    /// Length of the FFT behind each hop's NSDF: the tracker's physical floor is one forward
    /// and one inverse transform of this size.
    public var fftSize: Int { fft.size }
    private let voicingThreshold: Float
    private let octaveJumpCost: Float
    /// Edges of the four speech bands: around F1, F2, F3, and the fricative region below 3.5 kHz.
    public static let speechBandEdgesHz: [Float] = [250, 700, 1400, 2500, 3500]
    /// First bin and end bin (exclusive) of each speech band.
    private let bandFirstBin: SIMD4<Int>
    private let bandEndBin: SIMD4<Int>
    /// Normalised square difference for lags 0...maximumLag+1.
    private let nsdf: UnsafeMutablePointer<Float>

    // Candidates of this hop and the previous hop (lags as log2 f0, path scores).
    private let candidateLog2F0: UnsafeMutablePointer<Float>
    private let candidateClarity: UnsafeMutablePointer<Float>
    private let candidateScore: UnsafeMutablePointer<Float>
    private let previousLog2F0: UnsafeMutablePointer<Float>
    private let previousScore: UnsafeMutablePointer<Float>
    private var previousCount = 0
    private var previousUnvoicedScore: Float = 0
    /// log2 of the speaker's median f0, once known (set by the owner from its running statistics);
    /// NaN for no prior. It keeps voicing onsets, where the window holds only a little of the
    /// voice, from locking onto a formant or a sub-harmonic.
    public var speakerMedianLog2F0: Float = .nan
    /// Slowly decaying peak amplitude, to judge how quiet a hop is relative to the speaker.
    private var runningPeak: Float = 0
    private let peakDecayPerHop: Float

    /// Prepares a tracker for `sampleRate` with the pitch range and hop of `settings`.
    public init(sampleRate: Int, settings: AnalysisSettings) throws(SettingsError) {
        try settings.validate(sampleRate: sampleRate)
        self.sampleRate = sampleRate
        let rate = Float(sampleRate)
        minimumLag = max(2, Int((rate / settings.pitchMaxHz).rounded(.down)) - 1)
        maximumLag = Int((rate / settings.pitchMinHz).rounded(.up)) + 2
        frameLength = 2 * maximumLag
        // Zero padding to frameLength + maximumLag makes the circular correlation linear for every lag searched.
        fft = RealFFT(size: RealFFT.goodSize(atLeast: frameLength + maximumLag + 1))
        voicingThreshold = settings.voicingThreshold
        let hopSeconds = Float(settings.hopSamples(sampleRate: sampleRate)) / rate
        octaveJumpCost = Self.octaveJumpCostPer10ms * 0.010 / hopSeconds
        let binHz = rate / Float(fft.size)
        // Band b holds the bins whose centre lies in [edge b, edge b+1), never DC or Nyquist.
        var first = SIMD4<Int>(repeating: 0)
        var end = SIMD4<Int>(repeating: 0)
        for b in 0..<4 {
            first[b] = max(1, Int((Self.speechBandEdgesHz[b] / binHz).rounded(.up)))
            end[b] = min(fft.binCount - 1, Int((Self.speechBandEdgesHz[b + 1] / binHz).rounded(.up)))
            end[b] = max(first[b], end[b])
        }
        bandFirstBin = first
        bandEndBin = end
        peakDecayPerHop = powf(10, -6 * hopSeconds / 20)  // forgets at 6 dB per second
        nsdf = .allocate(capacity: maximumLag + 2)
        nsdf.initialize(repeating: 0, count: maximumLag + 2)
        let k = Self.maximumCandidates
        candidateLog2F0 = .allocate(capacity: k)
        candidateClarity = .allocate(capacity: k)
        candidateScore = .allocate(capacity: k)
        previousLog2F0 = .allocate(capacity: k)
        previousScore = .allocate(capacity: k)
        for p in [candidateLog2F0, candidateClarity, candidateScore, previousLog2F0, previousScore] {
            p.initialize(repeating: 0, count: k)
        }
    }

    deinit {
        for p in [nsdf, candidateLog2F0, candidateClarity, candidateScore, previousLog2F0, previousScore] {
            p.deallocate()
        }
    }

    /// Forgets the path history, as at the start of a stream.
    public func reset() {
        previousCount = 0
        previousUnvoicedScore = 0
        runningPeak = 0
        speakerMedianLog2F0 = .nan
    }

    /// Estimates the pitch of the `frameLength` samples at `samples`. Real-time safe.
    public func process(_ samples: UnsafePointer<Float>) -> PitchEstimate {
        let n = frameLength
        let time = fft.time
        let mean = VectorSum.sum(samples, count: n) / Float(n)
        // The frame, without its DC offset, goes straight into the FFT input; zero padding after it.
        var peak: Float = 0
        for i in 0..<n {
            let x = samples[i] - mean
            time[i] = x
            peak = max(peak, abs(x))
        }
        let energy = VectorSum.sumOfSquares(time, count: n)
        (time + n).update(repeating: 0, count: fft.size - n)
        runningPeak = max(peak, runningPeak * peakDecayPerHop)
        if energy < Self.silenceMeanSquare * Float(n) {
            advance(candidateCount: 0, unvoicedStrength: voicingThreshold + 2)
            return PitchEstimate(f0Hz: nil, clarity: 0, bandMeanSquares: SIMD4(repeating: energy / Float(n) / 4))
        }

        // m(τ) = Σ_{j<n-τ} x_j² + x_{j+τ}², updated from m(τ-1) by removing the two samples that leave the overlap.
        var m = 2 * energy
        nsdf[0] = m
        for tau in 1...(maximumLag + 1) {
            m -= time[tau - 1] * time[tau - 1] + time[n - tau] * time[n - tau]
            nsdf[tau] = m
        }

        fft.forward()  // r2c out of place: the input is preserved
        let spectrum = fft.spectrum
        for bin in 0..<fft.binCount {
            let re = spectrum[2 * bin]
            let im = spectrum[2 * bin + 1]
            spectrum[2 * bin] = re * re + im * im
            spectrum[2 * bin + 1] = 0
        }
        var bands = SIMD4<Float>(repeating: 0)
        for b in 0..<4 {
            var sum: Float = 0
            for bin in bandFirstBin[b]..<bandEndBin[b] { sum += spectrum[2 * bin] }
            bands[b] = sum
        }
        // Parseval on the one-sided spectrum: band mean square = 2 Σ|X|² / (size · n).
        let bandMeanSquares = bands * (2 / (Float(fft.size) * Float(n)))
        fft.inverse()
        let scale = 2 / Float(fft.size)
        for tau in 0...(maximumLag + 1) {
            let denominator = nsdf[tau]
            nsdf[tau] = denominator > 1e-12 ? scale * time[tau] / denominator : 0
        }

        let count = pickCandidates()
        var best: Float = 0
        for c in 0..<count { best = max(best, candidateClarity[c]) }
        // Boersma's unvoiced strength: the voicing threshold, raised for hops much quieter than the voice's recent peak.
        let relativePeak = runningPeak > 0 ? peak / runningPeak : 0
        let quietness = max(0, 2 - relativePeak / (0.03 / (1 + voicingThreshold)))
        let chosen = advance(candidateCount: count, unvoicedStrength: voicingThreshold + quietness)
        if chosen >= 0 {
            let f0 = exp2f(candidateLog2F0[chosen])
            return PitchEstimate(
                f0Hz: f0, clarity: candidateClarity[chosen], bandMeanSquares: bandMeanSquares)
        }
        return PitchEstimate(f0Hz: nil, clarity: best, bandMeanSquares: bandMeanSquares)
    }

    /// Finds the key maxima of the NSDF (the highest point of each positive lobe after the
    /// first zero crossing) within the lag range; returns how many were kept.
    private func pickCandidates() -> Int {
        let last = maximumLag
        var tau = 1
        while tau <= last && nsdf[tau] > 0 { tau += 1 }  // skip the lobe around lag 0
        var count = 0
        let rate = Float(sampleRate)
        while tau <= last {
            while tau <= last && nsdf[tau] <= 0 { tau += 1 }
            if tau > last { break }
            // A positive lobe: its highest point is the key maximum.
            var peakAt = tau
            var peakValue = nsdf[tau]
            tau += 1
            while tau <= last && nsdf[tau] > 0 {
                if nsdf[tau] > peakValue {
                    peakValue = nsdf[tau]
                    peakAt = tau
                }
                tau += 1
            }
            guard peakAt >= minimumLag, peakAt < last - 1, peakValue >= Self.minimumCandidateClarity else { continue }
            // Parabolic interpolation through the peak and its two neighbours.
            let a = nsdf[peakAt - 1]
            let b = peakValue
            let c = nsdf[peakAt + 1]
            let curvature = a - 2 * b + c
            let delta: Float = curvature < 0 ? 0.5 * (a - c) / curvature : 0
            let lag = Float(peakAt) + delta
            let height = min(1, b - 0.25 * (a - c) * delta)
            insertCandidate(log2F0: log2f(rate / lag), clarity: height, count: &count)
        }
        return count
    }

    /// Keeps the strongest candidates, up to `maximumCandidates`.
    @inline(__always)
    private func insertCandidate(log2F0: Float, clarity: Float, count: inout Int) {
        if count < Self.maximumCandidates {
            candidateLog2F0[count] = log2F0
            candidateClarity[count] = clarity
            count += 1
            return
        }
        var weakest = 0
        for c in 1..<count where candidateClarity[c] < candidateClarity[weakest] { weakest = c }
        if clarity > candidateClarity[weakest] {
            candidateLog2F0[weakest] = log2F0
            candidateClarity[weakest] = clarity
        }
    }

    /// One forward step of the path search; returns the chosen candidate, or -1 for unvoiced.
    @discardableResult
    private func advance(candidateCount: Int, unvoicedStrength: Float) -> Int {
        let log2MinF0 = log2f(Float(sampleRate) / Float(maximumLag - 2))
        var bestPrevious = -Float.infinity
        for p in 0..<previousCount { bestPrevious = max(bestPrevious, previousScore[p]) }
        var bestScore = previousUnvoicedScore + unvoicedStrength
        if previousCount > 0 {
            bestScore = max(bestScore, bestPrevious - Self.voicedUnvoicedCost + unvoicedStrength)
        }
        let unvoicedScore = bestScore
        var chosen = -1
        for c in 0..<candidateCount {
            let log2F0 = candidateLog2F0[c]
            var strength = candidateClarity[c] + Self.octaveCost * (log2F0 - log2MinF0)
            if !speakerMedianLog2F0.isNaN {
                let away = abs(log2F0 - speakerMedianLog2F0) - Self.priorFreeOctaves
                if away > 0 { strength -= Self.priorCostPerOctave * away }
            }
            var from = previousUnvoicedScore - Self.voicedUnvoicedCost
            for p in 0..<previousCount {
                from = max(from, previousScore[p] - octaveJumpCost * abs(log2F0 - previousLog2F0[p]))
            }
            let score = strength + from
            candidateScore[c] = score
            if score > bestScore {
                bestScore = score
                chosen = c
            }
        }
        // Keep scores near zero: only differences matter.
        for c in 0..<candidateCount {
            previousScore[c] = candidateScore[c] - bestScore
            previousLog2F0[c] = candidateLog2F0[c]
        }
        previousCount = candidateCount
        previousUnvoicedScore = unvoicedScore - bestScore
        return chosen
    }
}
