/// A speaker's speech time and pauses, from the per-hop speech decisions of their channel
/// and of the other party's.
///
/// A pause is a silence of at least the minimum pause length between two stretches of the
/// speaker's own speech, during which nobody else spoke: a silence while the other party
/// talks is listening (a turn), and silence before the first word or after the last is not a
/// pause either.
///
/// Speech time follows the usual convention of speech-rate studies: the time between the
/// first and last word, less the pauses and the turns of the other party. Silences too short
/// to be pauses (the stops and gaps inside and between words) count as speech.
///
/// Speech decisions end later than speech does (the analysis window still holds the last
/// sound, and the detector holds speech a little longer), so every stretch of speech in the
/// decisions is longer, and every silence shorter, than in the audio by `offsetLagSeconds`.
/// The timing takes it back off, so that speech time and pause lengths describe the audio.
public struct SpeechTiming: Sendable {
    private let hopSeconds: Double
    private let offsetLagSeconds: Double
    private let minimumPauseSeconds: Double
    private let minimumPauseHops: Int
    private var speechRun = 0
    private var silenceRun = 0
    private var otherSpokeInSilence = false
    private var hadSpeech = false
    private var closedSpeechSeconds = 0.0
    /// Pauses counted so far.
    public private(set) var pauses = 0
    /// Their total length in seconds.
    public private(set) var pauseSeconds = 0.0

    /// Timing for hops of `hopSeconds` and pauses of at least `minimumPauseSeconds`, fed with
    /// speech decisions that end `offsetLagSeconds` after the speech does.
    public init(hopSeconds: Double, minimumPauseSeconds: Double, offsetLagSeconds: Double = 0) {
        self.hopSeconds = hopSeconds
        self.offsetLagSeconds = offsetLagSeconds
        self.minimumPauseSeconds = minimumPauseSeconds
        minimumPauseHops = max(1, Int(((minimumPauseSeconds - offsetLagSeconds) / hopSeconds).rounded()))
    }

    /// Speech time so far, in seconds of audio.
    public var speechSeconds: Double { closedSpeechSeconds + stretchSeconds(hops: speechRun) }

    /// Adds one hop: whether this speaker speaks, and whether anyone else does. Real-time safe.
    public mutating func add(speech: Bool, otherSpeaking: Bool) {
        if speech {
            if silenceRun > 0 {
                if silenceRun < minimumPauseHops {
                    // Too short to be a pause: part of the stretch of speech.
                    speechRun += silenceRun
                } else {
                    closedSpeechSeconds += stretchSeconds(hops: speechRun)
                    speechRun = 0
                    if hadSpeech && !otherSpokeInSilence {
                        pauses += 1
                        pauseSeconds += Double(silenceRun) * hopSeconds + offsetLagSeconds
                    }
                }
                silenceRun = 0
                otherSpokeInSilence = false
            }
            hadSpeech = true
            speechRun += 1
        } else {
            silenceRun += 1
            otherSpokeInSilence = otherSpokeInSilence || otherSpeaking
        }
    }

    /// Clears everything.
    public mutating func reset() {
        self = SpeechTiming(
            hopSeconds: hopSeconds, minimumPauseSeconds: minimumPauseSeconds, offsetLagSeconds: offsetLagSeconds)
    }

    /// A stretch of speech decisions, less the lag at its end (never less than one hop).
    private func stretchSeconds(hops: Int) -> Double {
        hops == 0 ? 0 : max(hopSeconds, Double(hops) * hopSeconds - offsetLagSeconds)
    }
}
