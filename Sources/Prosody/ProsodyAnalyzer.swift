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
    private let path: PitchPathTracker
    private let refiner: PeriodRefiner
    private let loudness: LoudnessMeter
    private let voiceActivity: VoiceActivityDetector
    private let speechRuns: SpeechRunFilter
    private var voicedRuns: VoicedRunFilter
    private let pace: PaceTracker
    private let pitchStatistics: PitchStatistics
    /// The most recent samples, the newest last: the pitch windows of the hops from
    /// `lookaheadHops` back (analysed now) to `delayHops` back (released now, its period
    /// measured again by ``PeriodRefiner``), each centred on its instant, and the newest hop
    /// for its level.
    /// The history is a window of `historyLength` samples that moves forward through
    /// `storage` one hop at a time; only when it reaches the end is it copied back to the start
    /// (every few dozen hops), instead of sliding every sample left on every hop.
    private let storage: UnsafeMutablePointer<Float>
    private let storageLength: Int
    private var historyStart = 0
    private let historyLength: Int
    /// The hop whose last sample is the history's last: the newest hop while it is
    /// completed, one more once the history has moved on.
    private var historyEndHop = 1
    @inline(__always) private var history: UnsafeMutablePointer<Float> { storage + historyStart }
    /// Frames not yet released, by hop number modulo ``slotCount``: a frame collects its
    /// level and loudness when its hop ends, its pitch evidence and speech `lookaheadHops`
    /// later, and its pitch and speech decisions `delayHops` later.
    private let slots: UnsafeMutablePointer<ProsodyFrame>
    /// Speech-band level of each held frame in dB, for the pace tracker.
    private let slotIntensityDB: UnsafeMutablePointer<Float>
    private let slotCount: Int
    private var hopFill = 0
    private var hopIndex = 0
    private var samplesSeen = 0
    private var finished = false
    /// Hops between a frame's instant and the newest sample its pitch window needs: half the window, rounded up to hops.
    public let lookaheadHops: Int
    /// Hops the pitch path and the speech decisions wait for before they are final.
    public let decisionLagHops: Int
    /// Largest sample magnitude analysed as written: 10⁶ (+120 dB over full scale), far beyond any
    /// recording that was merely not normalised (16-bit values saved as float reach 32768),
    /// yet small enough that a window's sum of squares stays finite in single precision.
    /// Larger magnitudes are clipped to it, infinities too (a float64 file's 1e300 reads as
    /// infinity in single precision); NaN reads as silence.
    public static let sampleLimit: Float = 1e6

    /// Voiced speech hops (about a second) before the speaker's median starts guiding the pitch tracker.
    static let hopsBeforeSpeakerPrior = 100
    /// How long the pitch path and the speech decisions look ahead before deciding a hop: long
    /// enough to see a voicing onset settle into the voice, and a short voiced run with the
    /// voiceless gap after it (``VoicedRunFilter``), far below the seconds a cue spans.
    public static let decisionLagSeconds = 0.15

    /// Builds the chain for `sampleRate`; throws naming the setting or rate that cannot be used.
    public init(sampleRate: Int, settings: AnalysisSettings = AnalysisSettings()) throws(SettingsError) {
        try settings.validate(sampleRate: sampleRate)
        self.sampleRate = sampleRate
        self.settings = settings
        hopSamples = settings.hopSamples(sampleRate: sampleRate)
        let hopSeconds = Double(hopSamples) / Double(sampleRate)
        pitch = try PitchTracker(sampleRate: sampleRate, settings: settings)
        lookaheadHops = (pitch.frameLength / 2 + hopSamples - 1) / hopSamples
        voicedRuns = VoicedRunFilter(hopSeconds: hopSeconds)
        decisionLagHops = max(1, Int((Self.decisionLagSeconds / hopSeconds).rounded()), voicedRuns.lookaheadHops)
        path = PitchPathTracker(hopSeconds: hopSeconds, lagHops: decisionLagHops)
        refiner = PeriodRefiner(pitch: pitch)
        loudness = LoudnessMeter(sampleRate: sampleRate, hopSamples: hopSamples)
        voiceActivity = VoiceActivityDetector(hopSeconds: hopSeconds)
        speechRuns = SpeechRunFilter(hopSeconds: hopSeconds, lagHops: decisionLagHops)
        pace = PaceTracker(hopSeconds: hopSeconds, windowSeconds: settings.paceWindowSeconds)
        pitchStatistics = PitchStatistics(
            minimumHz: settings.pitchMinHz, maximumHz: settings.pitchMaxHz, hopSeconds: hopSeconds,
            windowSeconds: settings.pitchWindowSeconds)
        // The longer of two reaches back from the newest sample: the pitch window of the hop
        // analysed now, and the refiner's window around the hop released now.
        historyLength = max(
            lookaheadHops * hopSamples + pitch.frameLength / 2,
            (lookaheadHops + decisionLagHops) * hopSamples + refiner.reach,
            hopSamples)
        storageLength = Self.storageWindows * historyLength
        storage = .allocate(capacity: storageLength)
        storage.initialize(repeating: 0, count: storageLength)
        slotCount = lookaheadHops + decisionLagHops + 1
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: ProsodyFrame(timeSeconds: 0), count: slotCount)
        slotIntensityDB = .allocate(capacity: slotCount)
        slotIntensityDB.initialize(repeating: LevelFloor.decibels, count: slotCount)
    }

    deinit {
        storage.deallocate()
        slots.deinitialize(count: slotCount)
        slots.deallocate()
        slotIntensityDB.deallocate()
    }

    /// How much longer a stretch of speech decisions is than the speech itself: the window,
    /// centred on each frame's instant, starts seeing speech half a window before it starts
    /// and still sees it half a window after it ends, and the detector's hangover comes on top.
    /// Feed it to ``SpeechTiming``.
    public var speechOffsetLagSeconds: Double { analysisWindowSeconds + VoiceActivityDetector.hangoverSeconds }

    /// Length of the pitch analysis window, centred on each frame's instant.
    public var analysisWindowSeconds: Double { Double(pitch.frameLength) / Double(sampleRate) }

    /// Hops between the newest sample and the newest frame released: the look-ahead of the
    /// pitch window plus the decision lag. It delays the frames, never shifts what they describe.
    public var delayHops: Int { lookaheadHops + decisionLagHops }

    /// ``delayHops`` in seconds: how long after its instant a frame is known on the live path
    /// (processing time comes on top).
    public var delaySeconds: Double { Double(delayHops * hopSamples) / Double(sampleRate) }

    /// Feeds samples (any count, including zero); calls `emit` once for every frame released,
    /// in time order. Real-time safe: no allocation, lock, log or failure.
    @inline(__always)
    public func process(_ samples: UnsafeBufferPointer<Float>, emit: (ProsodyFrame) -> Void) {
        guard let input = samples.baseAddress, !finished else { return }
        let hop = hopSamples
        var offset = 0
        while offset < samples.count {
            // Work up to the end of the current hop at most, in one tight loop per stage.
            let take = min(hop - hopFill, samples.count - offset)
            let destination = history + (historyLength - hop + hopFill)
            // A NaN or infinity would poison every filter state after it; samples beyond
            // ``sampleLimit`` would overflow the stages' single-precision sums of squares.
            VectorSum.clampFinite(input + offset, into: destination, count: take, limit: Self.sampleLimit)
            loudness.add(UnsafeBufferPointer(start: destination, count: take))
            hopFill += take
            offset += take
            if hopFill == hop {
                completeHop(emit: emit)
                hopFill = 0
            }
        }
        samplesSeen += samples.count
    }

    /// Ends the stream: decides and releases every frame still held (the last ``delayHops``
    /// hops), with silence after the end standing in for the samples the look-ahead would have
    /// seen. Call ``reset()`` before feeding another stream. Real-time safe.
    public func finish(emit: (ProsodyFrame) -> Void) {
        guard !finished else { return }
        finished = true
        let last = hopIndex
        var fill = hopFill  // samples of an unfinished last hop are real audio: keep them in the window
        for j in max(1, last - lookaheadHops + 1)...max(1, last) where j <= last {
            // The window centred on hop j reaches past the end: silence stands in for what never came.
            (history + (historyLength - hopSamples + fill)).update(repeating: 0, count: hopSamples - fill)
            fill = 0
            analyseWindow(hop: j)
            if j - decisionLagHops >= 1 { release(hop: j - decisionLagHops, hopsBack: decisionLagHops, emit: emit) }
            advanceHistory()
        }
        let newest = last
        for m in max(1, newest - decisionLagHops + 1)...max(1, newest) where m <= newest {
            release(hop: m, hopsBack: newest - m, emit: emit)
        }
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
        historyStart = 0
        storage.update(repeating: 0, count: storageLength)
        hopFill = 0
        hopIndex = 0
        historyEndHop = 1
        samplesSeen = 0
        finished = false
        pitch.reset()
        path.reset()
        loudness.reset()
        voiceActivity.reset()
        speechRuns.reset()
        voicedRuns.reset()
        pace.reset()
        pitchStatistics.reset()
    }

    @inline(__always)
    private func slot(_ hop: Int) -> UnsafeMutablePointer<ProsodyFrame> { slots + hop % slotCount }

    private func completeHop(emit: (ProsodyFrame) -> Void) {
        hopIndex += 1
        // The newest hop: its level, and loudness over the windows that end with it.
        var frame = ProsodyFrame(timeSeconds: Double(hopIndex * hopSamples) / Double(sampleRate))
        // Summed over the whole hop at once, so frames are identical however the input was split
        // into blocks (the live and offline paths split it differently).
        let meanSquare = VectorSum.sumOfSquares(history + (historyLength - hopSamples), count: hopSamples) / Float(hopSamples)
        frame.levelDBFS = Self.decibels(2 * meanSquare)  // AES17: a full-scale sine reads 0 dBFS
        let (momentary, shortTerm) = loudness.endHop()
        frame.loudnessMomentaryLUFS = momentary
        frame.loudnessShortTermLUFS = shortTerm
        slot(hopIndex).pointee = frame

        // The hop whose window is now complete: pitch evidence and voice activity.
        let j = hopIndex - lookaheadHops
        if j >= 1 {
            analyseWindow(hop: j)
            if j - decisionLagHops >= 1 { release(hop: j - decisionLagHops, hopsBack: decisionLagHops, emit: emit) }
        }
        advanceHistory()
    }

    /// Storage for this many histories: the history is copied back once every
    /// (storageWindows - 1) × historyLength / hopSamples hops, a third of a hop's samples per hop.
    static let storageWindows = 4

    /// The pitch of hop `m`, decided at `decidedHz`, measured again on a tapered window
    /// centred on its instant (``PeriodRefiner``); the decided pitch where the window would
    /// reach past the samples held (the last hops of a stream).
    @inline(__always)
    private func refinedF0(hop m: Int, decidedHz: Float) -> Float {
        let rate = Float(sampleRate)
        let after = (historyEndHop - m) * hopSamples  // samples from hop m's instant to the history's end
        guard after >= refiner.reach, after <= historyLength - refiner.reach,
            let period = refiner.period(centre: history + (historyLength - after), near: rate / decidedHz)
        else { return decidedHz }
        return rate / period
    }

    /// Moves the history forward by one hop; the newest hop's place then holds stale samples
    /// until the next hop's are written there.
    @inline(__always)
    private func advanceHistory() {
        historyEndHop += 1
        let next = historyStart + hopSamples
        if next + historyLength <= storageLength {
            historyStart = next
        } else {
            storage.update(from: storage + next, count: historyLength - hopSamples)
            historyStart = 0
        }
    }

    /// Pitch candidates and voice activity for hop `j`, from the window centred on its instant.
    private func analyseWindow(hop j: Int) {
        let windowStart = history + (historyLength - lookaheadHops * hopSamples - pitch.frameLength / 2)
        let evidence = pitch.process(windowStart)
        path.push(
            count: pitch.candidateCount, log2F0: pitch.candidateLog2F0, strength: pitch.candidateStrength,
            clarity: pitch.candidateClarity, unvoicedStrength: pitch.unvoicedStrength)
        let raw = voiceActivity.process(
            bandMeanSquares: evidence.bandMeanSquares, periodic: evidence.clarity >= VoiceActivityDetector.periodicClarity)
        speechRuns.push(raw)
        slot(j).pointee.voicingClarity = evidence.clarity
        slotIntensityDB[j % slotCount] = Self.decibels(evidence.speechBandMeanSquare)
    }

    /// Decides hop `m` (`hopsBack` behind the newest analysed hop) and releases its frame.
    private func release(hop m: Int, hopsBack: Int, emit: (ProsodyFrame) -> Void) {
        var frame = slot(m).pointee
        path.trace()
        let decided = path.decide(hopsBack: hopsBack)
        // A short voiced run off on its own keeps no pitch (its value is not the voice's), but
        // its periodicity still marks a vowel for the pace tracker: fast speech has vowels of
        // 30-50 ms between voiceless consonants.
        if voicedRuns.decide(traced: path.tracedLog2F0, hopsBack: hopsBack), let decided {
            frame.f0Hz = refinedF0(hop: m, decidedHz: decided.f0Hz)
            frame.voicingClarity = decided.clarity
        }
        frame.isSpeech = speechRuns.decide(hopsBack: hopsBack)
        let (nucleus, rate) = pace.process(
            intensityDB: slotIntensityDB[m % slotCount], floorDB: voiceActivity.noiseFloorDB,
            voiced: decided != nil, speech: frame.isSpeech)
        frame.isSyllableNucleus = nucleus
        frame.articulationRateSyllablesPerSecond = rate

        // The speaker's pitch statistics take voiced speech only: a steady hum or tone is periodic but no voice.
        let (semitones, spread) = pitchStatistics.add(f0Hz: frame.isSpeech ? frame.f0Hz : nil)
        frame.pitchSemitones = semitones
        frame.pitchVariabilitySemitones = spread
        if pitchStatistics.voicedHops >= Self.hopsBeforeSpeakerPrior {
            pitch.speakerMedianLog2F0 = pitchStatistics.medianLog2Hz
        }
        emit(frame)
    }

    @inline(__always)
    static func decibels(_ meanSquare: Float) -> Float {
        meanSquare > 1e-12 ? max(10 * log10f(meanSquare), LevelFloor.decibels) : LevelFloor.decibels
    }
}
