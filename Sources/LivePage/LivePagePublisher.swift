import Coaching
import Core
import Reporting

/// Turns a call's frames and cues into what its live page shows: every cue at once, and the
/// quiet strip's status with one frame of the agent's channel at most twice a second of call
/// time; the summaries when the call ends. Used by `tonecoach live --serve` and by the
/// contact-centre server, once per call, on an output thread (never an analysis thread:
/// publishing formats JSON and hands strings to ``LiveBroadcast``, which never blocks).
public struct LivePagePublisher {
    /// Call time between status updates (and between frames sent to the page).
    public static let statusIntervalSeconds = 0.5
    public let broadcast: LiveBroadcast
    private let encoder: JSONLineEncoder
    private var tracker: LiveStatusTracker
    private let agent: Int?
    private let message: (CueKind) -> String
    private var lastStatusTime = -Double.infinity

    /// A publisher for a call whose analysed channels have these roles, in output order.
    public init(
        broadcast: LiveBroadcast, encoder: JSONLineEncoder, roles: [ChannelRole?], settings: LiveCueSettings,
        message: @escaping (CueKind) -> String
    ) {
        self.broadcast = broadcast
        self.encoder = encoder
        self.message = message
        agent = roles.firstIndex(of: .agent)
        tracker = LiveStatusTracker(
            settings: settings, agentPosition: agent, customerPosition: roles.firstIndex(of: .customer))
    }

    /// The strip's status as it stands.
    public var status: LiveStatus { tracker.status }

    /// One channel's frame.
    public mutating func frame(position: Int, _ frame: ProsodyFrame) {
        tracker.add(position: position, frame: frame)
        // Once per interval, on the agent's frame (or the first channel's when no agent is named).
        guard position == (agent ?? 0), frame.timeSeconds - lastStatusTime >= Self.statusIntervalSeconds else { return }
        lastStatusTime = frame.timeSeconds
        broadcast.status(encoder.status(tracker.status), timeSeconds: frame.timeSeconds)
        broadcast.frame(encoder.frame(channel: position, frame), timeSeconds: frame.timeSeconds)
    }

    /// A cue, shown at once.
    public func cue(_ cue: Cue) {
        broadcast.cue(encoder.cue(cue, message: message(cue.kind)), timeSeconds: cue.timeSeconds)
    }

    /// The call's end: its summaries, then the end of the stream.
    public func finish(summaries: [ChannelSummary]) {
        for (channel, summary) in summaries.enumerated() {
            broadcast.summary(encoder.summary(channel: channel, summary))
        }
        broadcast.finish()
    }
}
