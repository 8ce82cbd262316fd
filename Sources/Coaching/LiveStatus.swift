/// What the live page's quiet strip shows the agent, in plain categories rather than units:
/// who is talking, and how their pace, volume and voice sit against the coaching profile.
/// A measure not yet known (pace before enough speech) is nil.
public struct LiveStatus: Sendable, Equatable {
    public enum Activity: String, Sendable, CaseIterable { case talking, listening, silence }
    public enum Pace: String, Sendable, CaseIterable { case slow, good, fast }
    public enum Volume: String, Sendable, CaseIterable { case soft, good, loud }
    public enum Voice: String, Sendable, CaseIterable { case flat, lively }

    /// Call time the status describes.
    public var timeSeconds: Double
    public var activity: Activity
    public var pace: Pace?
    public var volume: Volume?
    public var voice: Voice?

    public init(timeSeconds: Double, activity: Activity, pace: Pace? = nil, volume: Volume? = nil, voice: Voice? = nil) {
        self.timeSeconds = timeSeconds
        self.activity = activity
        self.pace = pace
        self.volume = volume
        self.voice = voice
    }
}
