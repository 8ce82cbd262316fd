import Core

/// Who spoke when on a two-sided call, hop by hop: silences on both sides and overlaps, each
/// measured on the audio (from the end of the last word to the start of the next), with the
/// moment a cue becomes due and the finished event for the report.
///
/// - A silence runs from the end of the last word on either channel to the start of the next
///   speech that holds a syllable; noise bursts do not split it. It becomes dead air once it
///   reaches `deadAirSeconds`.
/// - An overlap runs from the moment the second speaker started to the moment either
///   stopped, and is credited to the one who started second. It becomes talking over once it
///   reaches `overtalkSeconds`, whoever cut in: an agent who cuts in and an agent who talks
///   on after the customer cut in both keep the customer from speaking. An early start or a
///   back-channel is shorter and is no event.
///
/// Real-time safe: no allocation; finished events are read with ``takeEvent()``.
struct ConversationTracker: Sendable {
    private let deadAirSeconds: Double
    private let overtalkSeconds: Double

    /// The current silence: its start, and whether it has reached dead air.
    private var silenceStart: Double? = nil
    private var now = 0.0
    /// The current overlap: its start, who started second, how long it has been confirmed.
    private var overlapStart: Double? = nil
    private var overlapByAgent = false
    private var overlapSeconds = 0.0
    /// Finished events not yet taken: a silence and an overlap can end on the same hop.
    private var finishedSilence: ConversationEvent? = nil
    private var finishedOverlap: ConversationEvent? = nil

    init(settings: LiveCueSettings) {
        deadAirSeconds = settings.deadAirSeconds
        overtalkSeconds = settings.overtalkSeconds
    }

    /// Length of the current silence on both sides, once somebody has spoken; 0 otherwise.
    var silenceSeconds: Double { silenceStart.map { now - $0 } ?? 0 }

    /// The current overlap's confirmed length and whether the agent started it; nil without one.
    var overlap: (seconds: Double, byAgent: Bool)? {
        overlapStart == nil ? nil : (overlapSeconds, overlapByAgent)
    }

    /// Takes one hop: both parties' turns, already updated with the hop's frames.
    mutating func add(agent: SpeakerTurns, customer: SpeakerTurns, timeSeconds: Double) {
        now = timeSeconds
        trackSilence(agent, customer)
        trackOverlap(agent, customer)
    }

    /// An event that finished, once each; nil when none is left.
    mutating func takeEvent() -> ConversationEvent? {
        if let event = finishedSilence {
            finishedSilence = nil
            return event
        }
        defer { finishedOverlap = nil }
        return finishedOverlap
    }

    /// Ends the call: closes a silence or an overlap still open.
    mutating func finish() {
        if let start = silenceStart, now - start >= deadAirSeconds {
            finishedSilence = ConversationEvent(kind: .deadAir, startSeconds: start, endSeconds: now)
        }
        silenceStart = nil
        closeOverlap()
    }

    private mutating func trackSilence(_ agent: SpeakerTurns, _ customer: SpeakerTurns) {
        if agent.inSpeech || customer.inSpeech {
            if let start = silenceStart {
                let end = max(agent.inSpeech ? agent.speechStartSeconds : 0, customer.inSpeech ? customer.speechStartSeconds : 0)
                if end - start >= deadAirSeconds {
                    finishedSilence = ConversationEvent(kind: .deadAir, startSeconds: start, endSeconds: end)
                }
            }
            silenceStart = nil
        } else if agent.hasSpoken || customer.hasSpoken {
            silenceStart = max(agent.speechEndSeconds, customer.speechEndSeconds)
        }
    }

    private mutating func trackOverlap(_ agent: SpeakerTurns, _ customer: SpeakerTurns) {
        guard agent.inTurn && customer.inTurn else {
            closeOverlap()
            return
        }
        if overlapStart == nil {
            overlapByAgent = agent.turnStartSeconds > customer.turnStartSeconds
            overlapStart = max(agent.turnStartSeconds, customer.turnStartSeconds)
            overlapSeconds = 0
        }
        // Confirmed by both parties' speech so far, not by the pause that may end a turn.
        overlapSeconds = max(overlapSeconds, min(agent.speechEndSeconds, customer.speechEndSeconds) - overlapStart!)
    }

    private mutating func closeOverlap() {
        if let start = overlapStart, overlapSeconds >= overtalkSeconds {
            finishedOverlap = ConversationEvent(
                kind: overlapByAgent ? .agentCutIn : .customerCutIn, startSeconds: start,
                endSeconds: start + overlapSeconds)
        }
        overlapStart = nil
        overlapSeconds = 0
    }
}
