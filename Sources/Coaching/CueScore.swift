import Core

/// How the cues of one call answer its labelled events.
///
/// A cue answers an event when it is of a kind that answers it and comes within its window:
/// `dead_air` from the start of the silence to 2 s after its end; `let_them_finish` (or
/// `let_customer_talk`) from 0.5 s before to 3 s after an interruption; `acknowledge_feelings`
/// from the start of the agitated span to 3 s after it. Each cue answers at most one event
/// (events in time order take the earliest cue left); every other cue answers nothing.
public struct CueScore: Sendable {
    /// One labelled event and the cue that caught it, if any.
    public struct Outcome: Sendable {
        public var event: LabelledEvent
        public var cue: Cue?
        /// From the start of the event to the cue.
        public var delaySeconds: Double? { cue.map { $0.timeSeconds - event.startSeconds } }
    }

    /// The events in time order, each caught or missed.
    public private(set) var outcomes: [Outcome]
    /// Every cue of the call, in time order.
    public private(set) var cues: [Cue]
    /// The cues that answered no event.
    public private(set) var unanswered: [Cue]

    /// The cue kinds that answer `kind`, and the window around the event in which they count.
    public static func answers(_ kind: LabelledEvent.Kind) -> (cues: [CueKind], before: Double, after: Double) {
        switch kind {
        case .deadAir: return ([.deadAir], 0, 2)
        case .interruption: return ([.letThemFinish, .letCustomerTalk], 0.5, 3)
        case .agitation: return ([.acknowledgeFeelings], 0, 3)
        }
    }

    /// Matches `cues` against `events`.
    public init(cues: [Cue], events: [LabelledEvent]) {
        let sorted = cues.sorted { $0.timeSeconds < $1.timeSeconds }
        var used = Array(repeating: false, count: sorted.count)
        var outcomes: [Outcome] = []
        for event in events.sorted(by: { $0.startSeconds < $1.startSeconds }) {
            let rule = Self.answers(event.kind)
            let lower = event.startSeconds - rule.before
            let upper = event.endSeconds + rule.after
            let match = sorted.indices.first { index in
                !used[index] && rule.cues.contains(sorted[index].kind)
                    && sorted[index].timeSeconds >= lower && sorted[index].timeSeconds <= upper
            }
            if let match { used[match] = true }
            outcomes.append(Outcome(event: event, cue: match.map { sorted[$0] }))
        }
        self.cues = sorted
        self.outcomes = outcomes
        unanswered = zip(sorted, used).filter { !$0.1 }.map(\.0)
    }
}
