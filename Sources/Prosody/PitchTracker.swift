import Core
import Foundation

/// One hop's pitch evidence, besides the candidates the tracker keeps for the path search.
public struct PitchEvidence: Sendable, Equatable {
    /// Highest normalised square difference peak among the hop's candidates, 0...1.
    public var clarity: Float
    /// Mean square of the frame in each of the four ``PitchTracker/speechBandEdgesHz`` bands,
    /// for voice activity and pace (a by-product of the pitch FFT).
    public var bandMeanSquares: SIMD4<Float>

    /// Mean square of the whole speech band, 250 Hz to 3.5 kHz.
    public var speechBandMeanSquare: Float { bandMeanSquares.sum() }
}

/// Pitch candidates for one analysis frame: McLeod's normalised square difference function
/// (NSDF) computed through one forward and one inverse FFT per hop over two periods of the
/// lowest pitch searched; each key maximum then measured again, period and clarity, on a
/// window of two of its own periods centred on the frame's instant, where a gliding voice is
/// still periodic; and the strength of the unvoiced hypothesis. Which candidate is the pitch
/// is decided later, over many hops, by ``PitchPathTracker``.
///
/// The NSDF is n(τ) = 2 r(τ) / m(τ), where r is the autocorrelation over the overlap and
/// m the energy of the two overlapping parts (McLeod & Wyvill, "A smarter way to find pitch",
/// ICMC 2005). Its peaks measure periodicity on a 0...1 scale whatever the level, and it
/// keeps working when the fundamental itself has been filtered out (telephone band).
///
/// Candidate and unvoiced strengths follow Boersma's cost model (Praat's "To Pitch (ac)"):
/// an octave cost that breaks ties in favour of the higher of T and 2T, and an unvoiced
/// strength raised for hops much quieter than the voice's recent peak.
public final class PitchTracker {
    /// Sample rate of the input.
    public let sampleRate: Int
    /// Samples in one analysis frame: two of the longest periods searched.
    public let frameLength: Int
    /// Shortest lag searched (highest f0), in samples.
    public let minimumLag: Int
    /// Longest lag searched (lowest f0), in samples.
    public let maximumLag: Int

    /// How much a candidate gains per octave higher: breaks ties between T and 2T in favour of T (Praat's default, 0.01).
    static let octaveCost: Float = 0.01
    /// Peaks weaker than this are not even candidates.
    static let minimumCandidateClarity: Float = 0.25
    /// Speaker prior: candidates further than this many octaves from the speaker's median lose
    /// strength. Wide enough for agitated or expressive speech (×1.5 is 0.58 octave), it only
    /// acts against sub-harmonics and formants an octave or more away.
    static let priorFreeOctaves: Float = 1.0
    /// ...at this rate per octave beyond it.
    static let priorCostPerOctave: Float = 0.3
    /// Frames quieter than this (mean square, about -90 dBFS) are unvoiced without analysis.
    static let silenceMeanSquare: Float = 1e-9
    /// Largest peak-to-RMS ratio of a frame that counts towards the voice's running peak.
    static let maximumCrestFactor: Float = 4
    /// Boersma's silence threshold: a frame whose peak is this fraction of the voice's recent
    /// peak is pushed towards unvoiced (Praat's default, 0.03).
    static let silenceThreshold: Float = 0.03

    private let fft: RealFFT
    /// Length of the FFT behind each hop's NSDF: the tracker's physical floor is one forward
    /// and one inverse transform of this size.
    public var fftSize: Int { fft.size }
    private let voicingThreshold: Float
    /// Edges of the four speech bands: around F1, F2, F3, and the fricative region below 3.5 kHz.
    public static let speechBandEdgesHz: [Float] = [250, 700, 1400, 2500, 3500]
    /// First bin and end bin (exclusive) of each speech band.
    private let bandFirstBin: SIMD4<Int>
    private let bandEndBin: SIMD4<Int>
    /// Normalised square difference for lags 0...maximumLag+1.
    private let nsdf: UnsafeMutablePointer<Float>
    /// Power of each FFT bin of the current frame.
    private let power: UnsafeMutablePointer<Float>
    private let log2MinimumF0: Float

    /// This hop's candidates, strongest first not guaranteed: log2 f0, clarity (NSDF peak),
    /// and path strength (clarity with the octave and speaker preferences).
    public let candidateLog2F0: UnsafeMutablePointer<Float>
    /// See ``candidateLog2F0``.
    public let candidateClarity: UnsafeMutablePointer<Float>
    /// See ``candidateLog2F0``.
    public let candidateStrength: UnsafeMutablePointer<Float>
    /// Candidates found in the last frame processed.
    public var candidateCount: Int { storedCandidateCount }
    /// Storage of ``candidateCount``, private so the compiler sees every write and checks no exclusivity at run time.
    private var storedCandidateCount: Int = 0
    /// Strength of the unvoiced hypothesis for the last frame processed.
    public var unvoicedStrength: Float { storedUnvoicedStrength }
    /// Storage of ``unvoicedStrength``, private so the compiler sees every write and checks no exclusivity at run time.
    private var storedUnvoicedStrength: Float = 0
    /// log2 of the speaker's median f0, once known (set by the owner from its running statistics);
    /// NaN for no prior. It keeps voicing onsets, where the window holds only a little of the
    /// voice, from locking onto a formant or a sub-harmonic.
    var speakerMedianLog2F0: Float = .nan
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
        log2MinimumF0 = log2f(rate / Float(maximumLag - 2))
        // Zero padding to frameLength + maximumLag makes the circular correlation linear for every lag searched.
        fft = RealFFT(size: RealFFT.goodSize(atLeast: frameLength + maximumLag + 1))
        voicingThreshold = settings.voicingThreshold
        let hopSeconds = Float(settings.hopSamples(sampleRate: sampleRate)) / rate
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
        power = .allocate(capacity: fft.binCount)
        power.initialize(repeating: 0, count: fft.binCount)
        let k = PitchPathTracker.maximumCandidates
        candidateLog2F0 = .allocate(capacity: k)
        candidateClarity = .allocate(capacity: k)
        candidateStrength = .allocate(capacity: k)
        for p in [candidateLog2F0, candidateClarity, candidateStrength] { p.initialize(repeating: 0, count: k) }
    }

    deinit {
        for p in [nsdf, power, candidateLog2F0, candidateClarity, candidateStrength] { p.deallocate() }
    }

    /// Forgets the running peak and the speaker prior, as at the start of a stream.
    public func reset() {
        runningPeak = 0
        storedCandidateCount = 0
        speakerMedianLog2F0 = .nan
    }

    /// Finds the pitch candidates of the `frameLength` samples at `samples`, centred on the
    /// instant they describe. Real-time safe.
    public func process(_ samples: UnsafePointer<Float>) -> PitchEvidence {
        let n = frameLength
        let time = fft.time
        let mean = VectorSum.sum(samples, count: n) / Float(n)
        // The frame, without its DC offset, goes straight into the FFT input; zero padding after it.
        let (peak0, energy) = VectorSum.centre(samples, mean: mean, into: time, count: n)
        var peak = peak0
        (time + n).update(repeating: 0, count: fft.size - n)
        // A click or one wild sample would set the voice's peak for seconds and push everything
        // after it towards unvoiced: a frame's peak counts for at most ``maximumCrestFactor``
        // times its RMS (a voiced frame's crest factor is 2 to 4).
        peak = min(peak, Self.maximumCrestFactor * (energy / Float(n)).squareRoot())
        runningPeak = max(peak, runningPeak * peakDecayPerHop)
        storedCandidateCount = 0
        if !(energy >= Self.silenceMeanSquare * Float(n)) {  // also catches a NaN energy
            storedUnvoicedStrength = voicingThreshold + 2
            let each = energy.isFinite ? energy / Float(n) / 4 : 0
            return PitchEvidence(clarity: 0, bandMeanSquares: SIMD4(repeating: each))
        }

        // m(τ) = Σ_{j<n-τ} x_j² + x_{j+τ}², updated from m(τ-1) by removing the two samples that leave the overlap.
        // The two squares leaving at each lag come vectorised; the running sum is one subtraction a lag.
        VectorSum.edgeSquares(time, count: n, into: nsdf + 1, lags: maximumLag + 1)
        var m = 2 * energy
        nsdf[0] = m
        for tau in 1...(maximumLag + 1) {
            m -= nsdf[tau]
            nsdf[tau] = m
        }

        fft.forward()  // r2c out of place: the input is preserved
        // Power per bin, both into the spectrum (as the real part, for the inverse transform
        // to turn into the autocorrelation) and into a row of its own for the band sums.
        VectorSum.powerSpectrum(fft.spectrum, power: power, bins: fft.binCount)
        var bands = SIMD4<Float>(repeating: 0)
        for b in 0..<4 {
            bands[b] = VectorSum.sum(power + bandFirstBin[b], count: bandEndBin[b] - bandFirstBin[b])
        }
        // Parseval on the one-sided spectrum: band mean square = 2 Σ|X|² / (size · n).
        let bandMeanSquares = bands * (2 / (Float(fft.size) * Float(n)))
        fft.inverse()
        let scale = 2 / Float(fft.size)
        VectorSum.normalise(time, by: nsdf, scale: scale, count: maximumLag + 2)

        pickCandidates()
        // The strongest few candidates, each measured again on a window of two of its own
        // periods: a gliding voice stays periodic over two periods when it no longer is over
        // the whole frame. Its period comes from the short window (less blurred by the glide);
        // its clarity is the mean of both windows' evidence: the short window alone votes for
        // brief periodicity in noise and babble, the long one alone against gliding voices.
        // Weaker peaks stay as the whole frame measured them.
        sortStrongestFirst()
        let centre = samples + n / 2
        let rate = Float(sampleRate)
        for c in 0..<min(storedCandidateCount, Self.remeasuredCandidates) {
            let period = rate / exp2f(candidateLog2F0[c])
            guard let short = shortWindowPeak(centre: centre, period: period) else { continue }
            candidateLog2F0[c] = log2f(rate / short.period)
            candidateClarity[c] = 0.5 * (candidateClarity[c] + short.clarity)
        }
        var best: Float = 0
        for c in 0..<storedCandidateCount {
            best = max(best, candidateClarity[c])
            let log2F0 = candidateLog2F0[c]
            var strength = candidateClarity[c] + Self.octaveCost * (log2F0 - log2MinimumF0)
            if !speakerMedianLog2F0.isNaN {
                let away = abs(log2F0 - speakerMedianLog2F0) - Self.priorFreeOctaves
                if away > 0 { strength -= Self.priorCostPerOctave * away }
            }
            candidateStrength[c] = strength
        }
        // Boersma's unvoiced strength: the voicing threshold, raised for hops much quieter than the voice's recent peak.
        let relativePeak = runningPeak > 0 ? peak / runningPeak : 0
        let quietness = max(0, 2 - relativePeak / (Self.silenceThreshold / (1 + voicingThreshold)))
        storedUnvoicedStrength = voicingThreshold + quietness
        return PitchEvidence(clarity: best, bandMeanSquares: bandMeanSquares)
    }

    /// The NSDF peak near `period` (in samples) measured on a window of its own length: a
    /// candidate comes from a window long enough for the lowest voice searched (two periods of
    /// ``AnalysisSettings/pitchMinHz``), over which a gliding pitch blurs and loses
    /// periodicity; here the NSDF is measured at the lags around the period over
    /// ``refinementPeriods`` periods (at least ``refinementMinimumSeconds``) centred on the
    /// frame's instant, and its peak interpolated. `centre` points at the sample of the frame's
    /// instant, with `frameLength / 2` valid samples on each side. Nil when the lags show no
    /// peak. Real-time safe.
    func shortWindowPeak(centre: UnsafePointer<Float>, period: Float) -> (period: Float, clarity: Float)? {
        let rate = Float(sampleRate)
        let lag = Int(period + 0.5)  // rounded: the period is positive
        // Samples compared per lag: several periods, but no more than the candidate window allows.
        let wanted = max(Int(Self.refinementPeriods * period), Int(Self.refinementMinimumSeconds * rate))
        let overlap = min(wanted, frameLength - lag - 4)
        guard overlap > lag / 2, lag - 2 >= 2, lag + 2 <= maximumLag else { return nil }
        // One segment x[j], centred on the instant for the rounded lag, compared with x[j + τ]
        // for the three lags around it in one pass.
        let first = centre - (overlap + lag) / 2
        let sums = VectorSum.lagSums(first, lagFrom: lag - 1, count: overlap)
        let count = Float(overlap)
        /// The NSDF from Σ a·b, Σ (a² + b²) and Σ b, without the segments' means (as the
        /// candidate frame was).
        func nsdf(cross: Float, energy: Float, sumB: Float) -> Float {
            let cross = cross - sums.sumA * sumB / count
            let energy = energy - (sums.sumA * sums.sumA + sumB * sumB) / count
            return energy > 1e-12 ? 2 * cross / energy : 0
        }
        // The highest of the three, interpolated with its neighbours; the lag beyond is
        // measured only when the peak sits one lag off the rounded period, from the sums of
        // the lag next to it: x[j + τ] is that lag's window shifted by one sample.
        var peak = LagPeak(
            centre: lag,
            values: (
                nsdf(cross: sums.cross[0], energy: sums.energy[0], sumB: sums.sumB[0]),
                nsdf(cross: sums.cross[1], energy: sums.energy[1], sumB: sums.sumB[1]),
                nsdf(cross: sums.cross[2], energy: sums.energy[2], sumB: sums.sumB[2])
            ))
        if let beyond = peak.missingLag {
            // The neighbouring lag's window, one sample earlier (below) or later (above).
            let next = beyond < lag ? 0 : 2
            let shifted = beyond < lag ? beyond : beyond - 1 + overlap  // the sample entering the window
            let dropped = beyond < lag ? beyond + overlap : beyond - 1  // the sample leaving it
            let (entering, leaving) = (first[shifted], first[dropped])
            peak.complete(
                with: nsdf(
                    cross: VectorSum.dot(first, first + beyond, count: overlap),
                    energy: sums.energy[next] + entering * entering - leaving * leaving,
                    sumB: sums.sumB[next] + entering - leaving))
        }
        let curvature = peak.curvature
        guard curvature < 0 else { return nil }
        let delta = 0.5 * (peak.before - peak.after) / curvature
        return (Float(peak.lag) + delta, min(1, peak.at - 0.25 * (peak.before - peak.after) * delta))
    }

    /// Periods in each candidate's own window (see ``shortWindowPeak(centre:period:)``).
    static let refinementPeriods: Float = 2
    /// Shortest such window in seconds: below it, a high voice's two periods hold too few samples to judge.
    static let refinementMinimumSeconds: Float = 0.015

    /// Finds the key maxima of the NSDF (the highest point of each positive lobe after the
    /// first zero crossing) within the lag range.
    private func pickCandidates() {
        let last = maximumLag
        var tau = 1
        while tau <= last && nsdf[tau] > 0 { tau += 1 }  // skip the lobe around lag 0
        let rate = Float(sampleRate)
        while tau <= last {
            // A lobe whose highest point is under ``minimumCandidateClarity`` offers no
            // candidate: the scan resumes where a lobe first reaches it. That lobe's highest
            // point lies at or after there, so its key maximum is the same.
            tau = VectorSum.firstReaching(Self.minimumCandidateClarity, in: nsdf, from: tau, through: last)
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
            insertCandidate(log2F0: log2f(rate / lag), clarity: height)
        }
    }

    /// Candidates measured again on their own window, strongest first.
    static let remeasuredCandidates = 3

    /// Orders the candidates strongest first.
    @inline(__always)
    private func sortStrongestFirst() {
        for i in 1..<max(1, storedCandidateCount) {
            var j = i
            while j > 0 && candidateClarity[j] > candidateClarity[j - 1] {
                swapAt(j, j - 1)
                j -= 1
            }
        }
    }

    @inline(__always)
    private func swapAt(_ i: Int, _ j: Int) {
        (candidateClarity[i], candidateClarity[j]) = (candidateClarity[j], candidateClarity[i])
        (candidateLog2F0[i], candidateLog2F0[j]) = (candidateLog2F0[j], candidateLog2F0[i])
    }

    /// Keeps the strongest candidates, up to ``PitchPathTracker/maximumCandidates``.
    @inline(__always)
    private func insertCandidate(log2F0: Float, clarity: Float) {
        if storedCandidateCount < PitchPathTracker.maximumCandidates {
            candidateLog2F0[storedCandidateCount] = log2F0
            candidateClarity[storedCandidateCount] = clarity
            storedCandidateCount += 1
            return
        }
        var weakest = 0
        for c in 1..<storedCandidateCount where candidateClarity[c] < candidateClarity[weakest] { weakest = c }
        if clarity > candidateClarity[weakest] {
            candidateLog2F0[weakest] = log2F0
            candidateClarity[weakest] = clarity
        }
    }
}
