import Core
import Foundation

/// The prosody chain for one channel: samples in, one ``ProsodyFrame`` per hop out.
///
/// The same object serves the live path and the offline path; only the caller's source
/// differs. `init` allocates every buffer and plans every FFT; `process` never allocates,
/// locks, logs or fails, whatever block sizes it is given; `summary()` reports the whole
/// channel; `reset()` starts a new stream.
public final class ProsodyAnalyzer {
    /// Sample rate of the input.
    public let sampleRate: Int
    /// Samples between frames.
    public let hopSamples: Int
    /// The settings the chain was built with.
    public let settings: AnalysisSettings

    private let pitch: PitchTracker
    private let loudness: LoudnessMeter
    private let voiceActivity: VoiceActivityDetector
    private let pace: PaceTracker
    private let pitchStatistics: PitchStatistics
    /// The most recent samples: the pitch frame is its tail; new samples land after `historyLength - hopSamples`.
    private let history: UnsafeMutablePointer<Float>
    private let historyLength: Int
    private var hopFill = 0
    private var hopIndex = 0
    private var samplesSeen = 0
    /// Voiced speech hops (about a second) before the speaker's median starts guiding the pitch tracker.
    static let hopsBeforeSpeakerPrior = 100

    /// Builds the chain for `sampleRate`; throws naming the setting or rate that cannot be used.
    public init(sampleRate: Int, settings: AnalysisSettings = AnalysisSettings()) throws(SettingsError) {
        try settings.validate(sampleRate: sampleRate)
        self.sampleRate = sampleRate
        self.settings = settings
        hopSamples = settings.hopSamples(sampleRate: sampleRate)
        let hopSeconds = Double(hopSamples) / Double(sampleRate)
        pitch = try PitchTracker(sampleRate: sampleRate, settings: settings)
        loudness = LoudnessMeter(sampleRate: sampleRate, hopSamples: hopSamples)
        voiceActivity = VoiceActivityDetector(hopSeconds: hopSeconds)
        pace = PaceTracker(hopSeconds: hopSeconds, windowSeconds: settings.paceWindowSeconds)
        pitchStatistics = PitchStatistics(
            minimumHz: settings.pitchMinHz, maximumHz: settings.pitchMaxHz, hopSeconds: hopSeconds,
            windowSeconds: settings.pitchWindowSeconds)
        historyLength = max(pitch.frameLength, hopSamples)
        history = .allocate(capacity: historyLength)
        history.initialize(repeating: 0, count: historyLength)
    }

    deinit { history.deallocate() }

    /// How much later a speech decision ends than the speech itself: the part of the analysis
    /// window older than the hop, plus the detector's hangover. Feed it to ``SpeechTiming``.
    public var speechOffsetLagSeconds: Double {
        Double(pitch.frameLength - hopSamples) / Double(sampleRate) + VoiceActivityDetector.hangoverSeconds
    }

    /// Latency the analysis window adds: the pitch frame spans this many seconds before a frame's time.
    public var analysisWindowSeconds: Double { Double(pitch.frameLength) / Double(sampleRate) }

    /// Feeds samples (any count, including zero); calls `emit` once for every hop completed.
    /// Real-time safe: no allocation, lock, log or failure.
    @inline(__always)
    public func process(_ samples: UnsafeBufferPointer<Float>, emit: (ProsodyFrame) -> Void) {
        guard let input = samples.baseAddress else { return }
        let hop = hopSamples
        let writeBase = history + (historyLength - hop)
        var offset = 0
        while offset < samples.count {
            // Work up to the end of the current hop at most, in one tight loop per stage.
            let take = min(hop - hopFill, samples.count - offset)
            let destination = writeBase + hopFill
            for i in 0..<take {
                let sample = input[offset + i]
                destination[i] = sample.isFinite ? sample : 0  // a NaN would poison every filter state after it
            }
            loudness.add(UnsafeBufferPointer(start: destination, count: take))
            hopFill += take
            offset += take
            if hopFill == hop {
                emit(completeHop())
                hopFill = 0
            }
        }
        samplesSeen += samples.count
    }

    /// The whole-channel summary of everything processed so far. Speech time and pauses come
    /// from the caller's ``SpeechTiming``, which has seen the other party's speech as well
    /// (a silence while the other party talks is listening, not a pause).
    public func summary(timing: SpeechTiming) -> ChannelSummary {
        let duration = Double(samplesSeen) / Double(sampleRate)
        let speechSeconds = timing.speechSeconds
        return ChannelSummary(
            durationSeconds: duration,
            speechSeconds: speechSeconds,
            loudnessIntegratedLUFS: loudness.integratedLUFS,
            speechRateSyllablesPerSecond: duration > 0 ? Double(pace.syllables) / duration : 0,
            articulationRateSyllablesPerSecond: speechSeconds > 0
                ? Double(pace.syllables) / speechSeconds : nil,
            syllables: pace.syllables,
            pitchMedianHz: pitchStatistics.medianHz,
            pitchStdSemitones: pitchStatistics.spreadSemitones,
            pauses: timing.pauses,
            pauseMeanSeconds: timing.pauses > 0 ? timing.pauseSeconds / Double(timing.pauses) : nil)
    }

    /// Starts a new stream: clears every stage.
    public func reset() {
        history.update(repeating: 0, count: historyLength)
        hopFill = 0
        hopIndex = 0
        samplesSeen = 0
        pitch.reset()
        loudness.reset()
        voiceActivity.reset()
        pace.reset()
        pitchStatistics.reset()
    }

    private func completeHop() -> ProsodyFrame {
        hopIndex += 1
        var frame = ProsodyFrame(timeSeconds: Double(hopIndex * hopSamples) / Double(sampleRate))
        // Summed over the whole hop at once, so frames are identical however the input was split
        // into blocks (the live and offline paths split it differently).
        let meanSquare = VectorSum.sumOfSquares(history + (historyLength - hopSamples), count: hopSamples) / Float(hopSamples)
        frame.levelDBFS = Self.decibels(2 * meanSquare)  // AES17: a full-scale sine reads 0 dBFS

        let (momentary, shortTerm) = loudness.endHop()
        frame.loudnessMomentaryLUFS = momentary
        frame.loudnessShortTermLUFS = shortTerm

        let estimate = pitch.process(history + (historyLength - pitch.frameLength))
        frame.voicingClarity = estimate.clarity
        let bandDB = Self.decibels(estimate.speechBandMeanSquare)
        let voiced = estimate.f0Hz != nil
        frame.isSpeech = voiceActivity.process(
            bandMeanSquares: estimate.bandMeanSquares, periodic: estimate.clarity >= VoiceActivityDetector.periodicClarity)
        frame.f0Hz = estimate.f0Hz

        let (nucleus, rate) = pace.process(
            intensityDB: bandDB, floorDB: voiceActivity.noiseFloorDB, voiced: voiced, speech: frame.isSpeech)
        frame.isSyllableNucleus = nucleus
        frame.articulationRateSyllablesPerSecond = rate

        // The speaker's pitch statistics take voiced speech only: a steady hum or tone is periodic but no voice.
        let (semitones, spread) = pitchStatistics.add(f0Hz: frame.isSpeech ? frame.f0Hz : nil)
        frame.pitchSemitones = semitones
        frame.pitchVariabilitySemitones = spread
        if pitchStatistics.voicedHops >= Self.hopsBeforeSpeakerPrior {
            pitch.speakerMedianLog2F0 = pitchStatistics.medianLog2Hz
        }

        // Slide the history left by one hop for the next frame.
        history.update(from: history + hopSamples, count: historyLength - hopSamples)
        return frame
    }

    @inline(__always)
    static func decibels(_ meanSquare: Float) -> Float {
        meanSquare > 1e-12 ? max(10 * log10f(meanSquare), LevelFloor.decibels) : LevelFloor.decibels
    }
}
