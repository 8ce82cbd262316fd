/// Counts a speaker's pauses: silences of at least the minimum pause length between two
/// stretches of their own speech, during which nobody else spoke. A silence while the other
/// party talks is listening (a turn), not a pause; silence before the first word and after
/// the last is not a pause either.
///
/// Speech decisions end later than speech does (the analysis window still holds the last
/// sound, and the detector holds speech a little longer), so a silence in the decisions is
/// shorter than the silence in the audio by `offsetLagSeconds`; the counter adds it back
/// before comparing with the minimum pause and in the lengths it reports.
public struct PauseCounter: Sendable {
    private let hopSeconds: Double
    private let offsetLagSeconds: Double
    private let minimumPauseSeconds: Double
    private let minimumHops: Int
    private var silenceHops = 0
    private var otherSpokeInSilence = false
    private var hadSpeech = false
    /// Pauses counted so far.
    public private(set) var pauses = 0
    /// Their total length in seconds.
    public private(set) var pauseSeconds = 0.0

    /// A counter for hops of `hopSeconds` and pauses of at least `minimumPauseSeconds`, fed with
    /// speech decisions that end `offsetLagSeconds` after the speech does.
    public init(hopSeconds: Double, minimumPauseSeconds: Double, offsetLagSeconds: Double = 0) {
        self.hopSeconds = hopSeconds
        self.offsetLagSeconds = offsetLagSeconds
        self.minimumPauseSeconds = minimumPauseSeconds
        minimumHops = max(1, Int(((minimumPauseSeconds - offsetLagSeconds) / hopSeconds).rounded()))
    }

    /// Adds one hop: whether this speaker speaks, and whether anyone else does. Real-time safe.
    public mutating func add(speech: Bool, otherSpeaking: Bool) {
        if speech {
            if hadSpeech && silenceHops >= minimumHops && !otherSpokeInSilence {
                pauses += 1
                pauseSeconds += Double(silenceHops) * hopSeconds + offsetLagSeconds
            }
            hadSpeech = true
            silenceHops = 0
            otherSpokeInSilence = false
        } else {
            silenceHops += 1
            otherSpokeInSilence = otherSpokeInSilence || otherSpeaking
        }
    }

    /// Clears the count.
    public mutating func reset() {
        self = PauseCounter(
            hopSeconds: hopSeconds, minimumPauseSeconds: minimumPauseSeconds, offsetLagSeconds: offsetLagSeconds)
    }
}
