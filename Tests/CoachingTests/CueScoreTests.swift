import Coaching
import Core
import Testing

@Suite("Cue score against labelled events")
struct CueScoreTests {
    static func cue(_ kind: CueKind, _ t: Double) -> Cue { Cue(kind: kind, timeSeconds: t, channel: 0, value: 0) }

    @Test("each event's window: dead air to 2 s after its end, an interruption from 0.5 s before to 3 s after")
    func windows() {
        let events = [
            LabelledEvent(kind: .deadAir, startSeconds: 10, endSeconds: 17),
            LabelledEvent(kind: .interruption, startSeconds: 30, endSeconds: 31.5),
            LabelledEvent(kind: .agitation, startSeconds: 40, endSeconds: 48),
        ]
        // Inside every window, at its edges.
        let inside = CueScore(
            cues: [Self.cue(.deadAir, 19.0), Self.cue(.letCustomerTalk, 29.5), Self.cue(.acknowledgeFeelings, 51.0)],
            events: events)
        #expect(inside.outcomes.allSatisfy { $0.cue != nil })
        #expect(inside.unanswered.isEmpty)
        #expect(inside.outcomes[0].delaySeconds == 9.0)
        // Just outside every window, and a cue of the wrong kind inside one.
        let outside = CueScore(
            cues: [Self.cue(.deadAir, 19.1), Self.cue(.letThemFinish, 29.4), Self.cue(.slowDown, 41),
                   Self.cue(.acknowledgeFeelings, 39.9)],
            events: events)
        #expect(outside.outcomes.allSatisfy { $0.cue == nil })
        #expect(outside.unanswered.count == 4)
    }

    @Test("one cue answers one event; a second cue for the same event answers nothing")
    func oneToOne() {
        let events = [LabelledEvent(kind: .deadAir, startSeconds: 10, endSeconds: 20)]
        let score = CueScore(cues: [Self.cue(.deadAir, 16), Self.cue(.deadAir, 15)], events: events)
        #expect(score.outcomes.first?.cue?.timeSeconds == 15)
        #expect(score.unanswered.map(\.timeSeconds) == [16])
    }
}
