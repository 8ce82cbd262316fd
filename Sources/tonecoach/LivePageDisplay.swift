import Coaching
import Core
import Engine
import LivePage
import Reporting

/// Shows a live session on the agent's live page: every cue at once, and the quiet strip's
/// status with one frame of the agent's channel at most twice a second of call time; the
/// summaries when the session ends. Runs on the session's output thread; publishing only hands
/// strings to ``LiveBroadcast``, which never blocks.
final class LivePageDisplay: LiveDisplay {
    /// Call time between status updates (and between frames sent to the page).
    static let statusIntervalSeconds = 0.5
    private let broadcast: LiveBroadcast
    private let encoder: JSONLineEncoder
    private var tracker: LiveStatusTracker
    private let agent: Int?
    private let message: (CueKind) -> String
    private var lastStatusTime = -Double.infinity

    init(broadcast: LiveBroadcast, info: StreamInfo, settings: LiveCueSettings, message: @escaping (CueKind) -> String) {
        self.broadcast = broadcast
        self.message = message
        encoder = JSONLineEncoder(
            source: info.source, channelNames: info.channelNames, sampleRate: info.sampleRate,
            format: info.formatDescription)
        let roles = ChannelRole.assign(names: info.channelNames)
        agent = roles.firstIndex(of: .agent)
        tracker = LiveStatusTracker(
            settings: settings, agentPosition: agent, customerPosition: roles.firstIndex(of: .customer))
    }

    func begin() {}

    func frame(_ frame: ChannelFrame) {
        tracker.add(position: frame.position, frame: frame.frame)
        // Once per interval, on the agent's frame (or the first channel's when no agent is named).
        guard frame.position == (agent ?? 0),
            frame.frame.timeSeconds - lastStatusTime >= Self.statusIntervalSeconds
        else { return }
        lastStatusTime = frame.frame.timeSeconds
        broadcast.status(encoder.status(tracker.status), timeSeconds: frame.frame.timeSeconds)
        broadcast.frame(encoder.frame(channel: frame.position, frame.frame), timeSeconds: frame.frame.timeSeconds)
    }

    func cue(_ cue: Cue) {
        broadcast.cue(encoder.cue(cue, message: message(cue.kind)), timeSeconds: cue.timeSeconds)
    }

    func event(_ event: LiveEvent) {}

    func tick() {}

    func end(summaries: [ChannelSummary], statistics: LiveStatistics) {
        for (channel, summary) in summaries.enumerated() {
            broadcast.summary(encoder.summary(channel: channel, summary))
        }
        broadcast.finish()
    }
}
