import Coaching
import Core
import Engine
import LivePage
import Reporting

/// Shows a live session on the agent's live page through a ``LivePagePublisher``. Runs on the
/// session's output thread.
final class LivePageDisplay: LiveDisplay {
    private var publisher: LivePagePublisher

    init(broadcast: LiveBroadcast, info: StreamInfo, settings: LiveCueSettings, message: @escaping (CueKind) -> String) {
        let encoder = JSONLineEncoder(
            source: info.source, channelNames: info.channelNames, sampleRate: info.sampleRate,
            format: info.formatDescription)
        publisher = LivePagePublisher(
            broadcast: broadcast, encoder: encoder, roles: ChannelRole.assign(names: info.channelNames),
            settings: settings, message: message)
    }

    func begin() {}

    func frame(_ frame: ChannelFrame) { publisher.frame(position: frame.position, frame.frame) }

    func cue(_ cue: Cue) { publisher.cue(cue) }

    func event(_ event: LiveEvent) {}

    func tick() {}

    func end(summaries: [ChannelSummary], statistics: LiveStatistics) { publisher.finish(summaries: summaries) }
}
