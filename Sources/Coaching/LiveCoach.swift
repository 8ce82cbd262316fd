import Core
import Foundation

/// Live cues: small state machines over prosody frames.
///
/// - The agent's own voice (pace, loudness, flat tone) is judged only over the agent's speech,
///   never during silence, each rule with a dead band (arm and disarm thresholds), a dwell
///   counted in seconds of speech, a cooldown, and the minimum gap after any other cue.
/// - With a customer channel, the conversation is judged too, from what really happened (see
///   ``ConversationTracker`` and ``CustomerArousal``): dead air, talking over the customer
///   (either way round), an upset customer, the agent's share of the talking. These cues
///   answer a moment, so they wait only the shorter conversation gap after the last
///   conversation cue (a voice cue shown just before is replaced, not waited for), fire once
///   per event, and fire late rather than never while the event lasts.
///
/// `update` is real-time safe: no allocation, no strings; cues leave as ``Cue`` values and
/// finished conversation events as ``ConversationEvent`` values through ``takeEvent()``.
public struct LiveCoach: Sendable {
    private let settings: LiveCueSettings
    private let hopSeconds: Double
    private let dwellHops: Int
    private let cooldownHops: Int
    private let gapHops: Int
    private let conversationGapHops: Int
    private let averageWeight: Float
    private let talkShareMinimumHops: Int
    private let paceMinimumHops: Int
    private let agitationDwellHops: Int
    /// One rule per ``CueKind``, indexed by its raw value (allocated once, mutated in place).
    private var rules: [Rule]
    private var hop = 0
    private var lastCueHop = Int.min / 2
    private var lastConversationCueHop = Int.min / 2
    private var now = 0.0

    // The agent's voice.
    private var agentTurns: SpeakerTurns
    private var agentSpeechHops = 0
    private var speechLoudness: Float = .nan
    private let agentBaselineHops: Int
    private var agentBaselineSum: Float = 0
    private var agentBaselineCount = 0

    // The conversation.
    private var customerTurns: SpeakerTurns
    private var conversation: ConversationTracker
    private var arousal: CustomerArousal
    private var deadAirCued = false
    private var overlapCued = false
    /// The current upset episode: speech hops while armed, its start, whether cued, its peak rise.
    private var upsetHops = 0
    private var upsetStart = 0.0
    private var upsetEnd = 0.0
    private var upsetPeak: Float = 0
    private var upsetCued = false
    private var finishedUpset: ConversationEvent? = nil
    /// The last window's speech, one entry per hop: bit 0 agent, bit 1 customer.
    private var talkWindow: [UInt8]
    private var talkWrite = 0
    private var agentTalkHops = 0
    private var customerTalkHops = 0

    /// One rule's state: armed (condition held, with hysteresis), for how long, and when it last fired.
    struct Rule: Sendable {
        var armedHops = 0
        var armed = false
        var lastFiredHop = Int.min / 2

        mutating func step(enters: Bool, stays: Bool) {
            armed = armed ? stays : enters
            armedHops = armed ? armedHops + 1 : 0
        }
    }

    /// A coach with the given settings, for frames `hopSeconds` apart whose speech decisions end
    /// `speechOffsetLagSeconds` after the speech does (see `ProsodyAnalyzer.speechOffsetLagSeconds`).
    public init(settings: LiveCueSettings = LiveCueSettings(), hopSeconds: Double, speechOffsetLagSeconds: Double = 0) {
        self.settings = settings
        self.hopSeconds = hopSeconds
        func hops(_ seconds: Double) -> Int { max(1, Int((seconds / hopSeconds).rounded())) }
        dwellHops = hops(settings.dwellSeconds)
        cooldownHops = hops(settings.cueCooldownSeconds)
        gapHops = Int((settings.minimumGapSeconds / hopSeconds).rounded())
        conversationGapHops = Int((settings.conversationGapSeconds / hopSeconds).rounded())
        talkShareMinimumHops = hops(settings.talkShareMinimumSpeechSeconds)
        paceMinimumHops = hops(settings.paceMinimumSpeechSeconds)
        agitationDwellHops = hops(settings.agitationDwellSeconds)
        averageWeight = Float(1 - exp(-hopSeconds / settings.loudnessAverageSeconds))
        agentBaselineHops = hops(settings.agentBaselineSeconds)
        rules = Array(repeating: Rule(), count: CueKind.allCases.count)
        talkWindow = Array(repeating: 0, count: hops(settings.talkShareWindowSeconds))
        agentTurns = SpeakerTurns(
            hopSeconds: hopSeconds, offsetLagSeconds: speechOffsetLagSeconds,
            turnPauseSeconds: settings.turnPauseSeconds)
        customerTurns = agentTurns
        conversation = ConversationTracker(settings: settings)
        arousal = CustomerArousal(settings: settings, hopSeconds: hopSeconds)
    }

    /// Takes the agent's next frame (no customer channel); returns the cue to show, if one fires now.
    public mutating func update(_ frame: ProsodyFrame, channel: Int) -> Cue? {
        update(agent: frame, agentChannel: channel, customer: nil, customerChannel: channel)
    }

    /// Takes one hop of the call: the agent's frame and, when there is a customer channel, the
    /// customer's; returns the cue to show, if one fires now.
    public mutating func update(
        agent frame: ProsodyFrame, agentChannel: Int, customer: ProsodyFrame?, customerChannel: Int
    ) -> Cue? {
        hop += 1
        now = frame.timeSeconds
        agentTurns.add(frame)
        judgeAgentVoice(frame)
        if let customer {
            customerTurns.add(customer)
            conversation.add(agent: agentTurns, customer: customerTurns, timeSeconds: frame.timeSeconds)
            if conversation.silenceSeconds == 0 { deadAirCued = false }
            if conversation.overlap == nil { overlapCued = false }
            trackTalkShare()
            trackArousal(customer)
            let share = talkShare()
            step(.letCustomerTalk, enters: (share ?? 0) > settings.dominatingShare,
                 stays: (share ?? 0) > settings.dominatingExitShare)
            // A conversation cue answers a moment: it waits only for the last conversation cue,
            // and takes the place of a voice cue shown just before it.
            if hop - lastConversationCueHop >= conversationGapHops,
                let cue = conversationCue(agentChannel, customerChannel)
            {
                lastConversationCueHop = hop
                return cue
            }
        }
        guard hop - lastCueHop >= gapHops else { return nil }
        // Priority: what the customer hears worst first.
        let loud = speechLoudness.isNaN ? nil : speechLoudness
        if let cue = fire(.shouting, loud, agentChannel) { return cue }
        if let cue = fire(.lowerVoice, loud, agentChannel) { return cue }
        if let cue = fire(.speakUp, loud, agentChannel) { return cue }
        if let cue = fire(.slowDown, frame.articulationRateSyllablesPerSecond, agentChannel) { return cue }
        if let cue = fire(.speedUp, frame.articulationRateSyllablesPerSecond, agentChannel) { return cue }
        if let cue = fire(.letCustomerTalk, talkShare(), agentChannel) { return cue }
        if let cue = fire(.liftTone, frame.pitchVariabilitySemitones, agentChannel) { return cue }
        return nil
    }

    /// A conversation event that finished, once each (dead air, an overlap, an upset spell);
    /// nil when none is left. Call after each ``update(agent:agentChannel:customer:customerChannel:)``.
    public mutating func takeEvent() -> ConversationEvent? {
        if let event = finishedUpset {
            finishedUpset = nil
            return event
        }
        return conversation.takeEvent()
    }

    /// Ends the call: closes the events still open, to be read with ``takeEvent()``.
    public mutating func finish() {
        conversation.finish()
        closeUpset()
    }

    // MARK: The agent's voice

    /// Steps the rules on the agent's own voice, on the agent's speech only: during silence
    /// they keep their state, so a pause neither arms nor disarms them, and their dwell is
    /// counted in seconds of speech.
    private mutating func judgeAgentVoice(_ frame: ProsodyFrame) {
        guard frame.isSpeech && agentTurns.inSpeech else { return }
        let s = settings
        agentSpeechHops += 1
        // Momentary loudness whose 400 ms window lies inside the agent's turn: speech, not the
        // silence before it.
        if agentTurns.turnSeconds >= 0.4, let momentary = frame.loudnessMomentaryLUFS, momentary > -70 {
            speechLoudness =
                speechLoudness.isNaN ? momentary : speechLoudness + averageWeight * (momentary - speechLoudness)
            if agentBaselineCount < agentBaselineHops {
                agentBaselineSum += momentary
                agentBaselineCount += 1
            }
        }
        // Judged against the agent's own start, once it is known, as well as absolute bounds.
        let baseline: Float? =
            agentBaselineCount >= agentBaselineHops ? agentBaselineSum / Float(agentBaselineCount) : nil
        if let loud = speechLoudness.isNaN ? nil : speechLoudness {
            let aboveStart = baseline.map { loud - $0 } ?? 0
            step(.shouting, enters: loud > s.shoutingLUFS, stays: loud > s.shoutingExitLUFS)
            step(.lowerVoice, enters: loud > s.loudLUFS || aboveStart > s.louderThanBaselineLU,
                 stays: loud > s.loudExitLUFS || aboveStart > s.louderThanBaselineExitLU)
            step(.speakUp, enters: loud < s.quietLUFS || -aboveStart > s.quieterThanBaselineLU,
                 stays: loud < s.quietExitLUFS || -aboveStart > s.quieterThanBaselineExitLU)
        }
        // Pace needs enough speech to be judged: a greeting is not a habit.
        if agentSpeechHops >= paceMinimumHops, let rate = frame.articulationRateSyllablesPerSecond {
            step(.slowDown, enters: rate > s.fastRate, stays: rate > s.fastRateExit)
            step(.speedUp, enters: rate < s.slowRate, stays: rate < s.slowRateExit)
        }
        if let spread = frame.pitchVariabilitySemitones {
            step(.liftTone, enters: spread < s.flatSemitones, stays: spread < s.flatExitSemitones)
        }
    }

    // MARK: The conversation

    private mutating func trackTalkShare() {
        let old = talkWindow[talkWrite]
        agentTalkHops -= Int(old & 1)
        customerTalkHops -= Int(old >> 1)
        let entry = UInt8(agentTurns.inSpeech ? 1 : 0) | UInt8(customerTurns.inSpeech ? 2 : 0)
        talkWindow[talkWrite] = entry
        agentTalkHops += Int(entry & 1)
        customerTalkHops += Int(entry >> 1)
        talkWrite = talkWrite + 1 == talkWindow.count ? 0 : talkWrite + 1
    }

    private func talkShare() -> Float? {
        let total = agentTalkHops + customerTalkHops
        return total >= talkShareMinimumHops ? Float(agentTalkHops) / Float(total) : nil
    }

    /// Follows the customer's rise over their own first speech: an upset spell arms when
    /// loudness (and pitch, when measured) rise past the profile's thresholds, lasts while the
    /// loudness stays above the exit, and is counted in seconds of the customer's speech.
    private mutating func trackArousal(_ customer: ProsodyFrame) {
        guard let rise = arousal.add(customer, turn: customerTurns) else { return }
        let s = settings
        let pitchRose = rise.pitch.map { $0 >= s.agitatedPitchSemitones } ?? true
        let pitchStays = rise.pitch.map { $0 >= s.agitatedExitPitchSemitones } ?? true
        if upsetHops == 0 {
            guard rise.loudness >= s.agitatedLoudnessLU && pitchRose else { return }
            upsetStart = customerTurns.turnStartSeconds
            upsetEnd = now
            upsetPeak = rise.loudness
            upsetCued = false
        } else if rise.loudness < s.agitatedExitLoudnessLU || !pitchStays {
            closeUpset()
            return
        }
        upsetHops += 1
        // The spell ends with the last raised speech, not with the slower running average.
        if let turn = rise.turnLoudness, turn >= s.agitatedExitLoudnessLU { upsetEnd = now }
        upsetPeak = max(upsetPeak, rise.loudness)
    }

    private mutating func closeUpset() {
        if upsetHops >= agitationDwellHops {
            finishedUpset = ConversationEvent(
                kind: .customerUpset, startSeconds: upsetStart, endSeconds: upsetEnd, value: upsetPeak)
        }
        upsetHops = 0
    }

    /// The conversation cue due now, if any: an upset customer first, then talking over, then dead air.
    private mutating func conversationCue(_ agentChannel: Int, _ customerChannel: Int) -> Cue? {
        if upsetHops >= agitationDwellHops && !upsetCued,
            hop - rules[Int(CueKind.acknowledgeFeelings.rawValue)].lastFiredHop >= cooldownHops
        {
            upsetCued = true
            return issue(.acknowledgeFeelings, upsetPeak, customerChannel)
        }
        if let overlap = conversation.overlap, overlap.seconds >= settings.overtalkSeconds, !overlapCued {
            overlapCued = true
            return issue(.letThemFinish, Float(overlap.seconds), agentChannel)
        }
        if conversation.silenceSeconds >= settings.deadAirSeconds && !deadAirCued {
            deadAirCued = true
            return issue(.deadAir, Float(conversation.silenceSeconds), agentChannel)
        }
        return nil
    }

    // MARK: Firing

    private mutating func step(_ kind: CueKind, enters: Bool, stays: Bool) {
        rules[Int(kind.rawValue)].step(enters: enters, stays: stays)
    }

    /// Fires a rule whose condition has held for the dwell time, outside its cooldown, while its
    /// measure is known (a cue shows the value it answers; one held back by the gap to another
    /// cue may come due in a silence long enough to empty the measure's window).
    private mutating func fire(_ kind: CueKind, _ value: Float?, _ channel: Int) -> Cue? {
        let index = Int(kind.rawValue)
        guard rules[index].armedHops >= dwellHops, hop - rules[index].lastFiredHop >= cooldownHops, value != nil
        else { return nil }
        rules[index].armedHops = 0
        return issue(kind, value, channel)
    }

    private mutating func issue(_ kind: CueKind, _ value: Float?, _ channel: Int) -> Cue {
        rules[Int(kind.rawValue)].lastFiredHop = hop
        lastCueHop = hop
        return Cue(kind: kind, timeSeconds: now, channel: channel, value: value ?? .nan)
    }
}
