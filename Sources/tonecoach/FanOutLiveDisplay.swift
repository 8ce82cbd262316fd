import Core
import Engine

/// Several displays of one live session (the terminal and the live page), each given everything.
final class FanOutLiveDisplay: LiveDisplay {
    private let displays: [LiveDisplay]

    init(_ displays: [LiveDisplay]) { self.displays = displays }

    func begin() { for display in displays { display.begin() } }
    func frame(_ frame: ChannelFrame) { for display in displays { display.frame(frame) } }
    func cue(_ cue: Cue) { for display in displays { display.cue(cue) } }
    func event(_ event: LiveEvent) { for display in displays { display.event(event) } }
    func tick() { for display in displays { display.tick() } }
    func end(summaries: [ChannelSummary], statistics: LiveStatistics) {
        for display in displays { display.end(summaries: summaries, statistics: statistics) }
    }
}
