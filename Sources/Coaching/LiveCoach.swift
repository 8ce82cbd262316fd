import Core
import Foundation

/// Live cues: small state machines over prosody frames, each with a dead band (arm and disarm
/// thresholds), a dwell time and a cooldown; at most one cue at a time, never two within the
/// minimum gap. The agent's own voice is judged (pace, loudness, flat tone); with a customer
/// channel, so is the conversation (talking over the customer, dead air, the agent's share of
/// the talking, a customer whose voice rises well above their own baseline).
///
/// `update` is real-time safe: no allocation, no strings; cues leave as ``Cue`` values.
public struct LiveCoach: Sendable {
    private let settings: LiveCueSettings
    private let hopSeconds: Double
    private let dwellHops: Int
    private let cooldownHops: Int
    private let gapHops: Int
    private let overtalkHops: Int
    private let deadAirHops: Int
    private let averageWeight: Float
    private let customerBaselineHops: Int
    private let talkShareMinimumHops: Int
    /// One rule per ``CueKind``, indexed by its raw value (allocated once, mutated in place).
    private var rules: [Rule]
    private var hop = 0
    private var lastCueHop = Int.min / 2
    private var speechLoudness: Float = .nan
    /// The agent's speech so far: loudness is judged only after a second of it, since the
    /// first momentary readings still hold the silence before the first word.
    private var agentSpeechHops = 0
    private let loudnessSettleHops: Int
    /// The agent's own loudness over their first seconds of speech (after the settling second).
    private let agentBaselineHops: Int
    private var agentBaselineSum: Float = 0
    private var agentBaselineCount = 0

    // Conversation state.
    private var agentWasSpeaking = false
    private var agentBargedIn = false
    private var overlapHops = 0
    private var anyoneSpoke = false
    private var silentHops = 0
    /// The last window's speech, one entry per hop: bit 0 agent, bit 1 customer.
    private var talkWindow: [UInt8]
    private var talkWrite = 0
    private var agentTalkHops = 0
    private var customerTalkHops = 0
    // The customer's baseline (first seconds of their speech) and their recent level.
    private var customerSpeechHops = 0
    private var baselineLoudnessSum: Float = 0
    private var baselineLoudnessCount = 0
    private var baselinePitchSum: Float = 0
    private var baselinePitchCount = 0
    private var customerLoudness: Float = .nan
    private var customerPitch: Float = .nan

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

    /// A coach with the given settings, for frames `hopSeconds` apart.
    public init(settings: LiveCueSettings = LiveCueSettings(), hopSeconds: Double) {
        self.settings = settings
        self.hopSeconds = hopSeconds
        func hops(_ seconds: Double) -> Int { max(1, Int((seconds / hopSeconds).rounded())) }
        dwellHops = hops(settings.dwellSeconds)
        cooldownHops = hops(settings.cueCooldownSeconds)
        gapHops = Int((settings.minimumGapSeconds / hopSeconds).rounded())
        overtalkHops = hops(settings.overtalkSeconds)
        deadAirHops = hops(settings.deadAirSeconds)
        customerBaselineHops = hops(settings.customerBaselineSeconds)
        talkShareMinimumHops = hops(settings.talkShareMinimumSpeechSeconds)
        averageWeight = Float(1 - exp(-hopSeconds / settings.loudnessAverageSeconds))
        loudnessSettleHops = hops(1.0)
        agentBaselineHops = hops(settings.agentBaselineSeconds)
        rules = Array(repeating: Rule(), count: CueKind.allCases.count)
        talkWindow = Array(repeating: 0, count: hops(settings.talkShareWindowSeconds))
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
        let s = settings
        if frame.isSpeech { agentSpeechHops += 1 }
        if frame.isSpeech, agentSpeechHops >= loudnessSettleHops, let momentary = frame.loudnessMomentaryLUFS,
            momentary > -70
        {
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
        let rate = frame.articulationRateSyllablesPerSecond
        let spread = frame.pitchVariabilitySemitones
        let loud = speechLoudness.isNaN ? nil : speechLoudness
        step(.slowDown, enters: (rate ?? 0) > s.fastRate, stays: (rate ?? 0) > s.fastRateExit)
        step(.speedUp, enters: (rate ?? 99) < s.slowRate, stays: (rate ?? 99) < s.slowRateExit)
        let aboveStart = loud.flatMap { level in baseline.map { level - $0 } } ?? 0
        step(.shouting, enters: (loud ?? -100) > s.shoutingLUFS, stays: (loud ?? -100) > s.shoutingExitLUFS)
        step(
            .lowerVoice, enters: (loud ?? -100) > s.loudLUFS || aboveStart > s.louderThanBaselineLU,
            stays: (loud ?? -100) > s.loudExitLUFS || aboveStart > s.louderThanBaselineExitLU)
        step(
            .speakUp, enters: frame.isSpeech && ((loud ?? 0) < s.quietLUFS || -aboveStart > s.quieterThanBaselineLU),
            stays: (loud ?? 0) < s.quietExitLUFS || -aboveStart > s.quieterThanBaselineExitLU)
        step(
            .liftTone, enters: frame.isSpeech && (spread ?? 99) < s.flatSemitones,
            stays: (spread ?? 99) < s.flatExitSemitones)

        var share: Float? = nil
        var rise: (loudness: Float, pitch: Float)? = nil
        if let customer {
            trackConversation(agent: frame, customer: customer)
            share = talkShare()
            rise = customerRise(customer)
            let dominating = (share ?? 0) > s.dominatingShare
            step(.letCustomerTalk, enters: dominating, stays: (share ?? 0) > s.dominatingExitShare)
            let upset = rise.map { $0.loudness >= s.agitatedLoudnessLU && $0.pitch >= s.agitatedPitchSemitones } ?? false
            let calming = rise.map { $0.loudness >= s.agitatedExitLoudnessLU && $0.pitch >= s.agitatedExitPitchSemitones } ?? false
            step(.acknowledgeFeelings, enters: upset && customer.isSpeech, stays: calming)
        }

        guard hop - lastCueHop >= gapHops else { return nil }
        // Priority: the customer's state first, then what the customer hears worst.
        if let cue = fire(.acknowledgeFeelings, rise?.loudness, frame, customerChannel) { return cue }
        if customer != nil {
            if overlapHops >= overtalkHops, let cue = fireNow(.letThemFinish, Float(Double(overlapHops) * hopSeconds), frame, agentChannel) {
                overlapHops = 0
                agentBargedIn = false
                return cue
            }
            if silentHops == deadAirHops, let cue = fireNow(.deadAir, Float(Double(silentHops) * hopSeconds), frame, agentChannel) {
                return cue
            }
        }
        if let cue = fire(.shouting, loud, frame, agentChannel) { return cue }
        if let cue = fire(.lowerVoice, loud, frame, agentChannel) { return cue }
        if let cue = fire(.speakUp, loud, frame, agentChannel) { return cue }
        if let cue = fire(.slowDown, rate, frame, agentChannel) { return cue }
        if let cue = fire(.speedUp, rate, frame, agentChannel) { return cue }
        if let cue = fire(.letCustomerTalk, share, frame, agentChannel) { return cue }
        if let cue = fire(.liftTone, spread, frame, agentChannel) { return cue }
        return nil
    }

    private mutating func trackConversation(agent: ProsodyFrame, customer: ProsodyFrame) {
        // Talking over: the agent starts while the customer is speaking, and both go on.
        if agent.isSpeech && !agentWasSpeaking && customer.isSpeech { agentBargedIn = true }
        if agentBargedIn && agent.isSpeech && customer.isSpeech {
            overlapHops += 1
        } else if !(agent.isSpeech && customer.isSpeech) {
            overlapHops = 0
            agentBargedIn = false
        }
        agentWasSpeaking = agent.isSpeech
        // Dead air: nobody speaks, once the call has begun.
        if agent.isSpeech || customer.isSpeech {
            anyoneSpoke = true
            silentHops = 0
        } else if anyoneSpoke {
            silentHops += 1
        }
        // Talk share over the window.
        let old = talkWindow[talkWrite]
        agentTalkHops -= Int(old & 1)
        customerTalkHops -= Int(old >> 1)
        let entry = UInt8(agent.isSpeech ? 1 : 0) | UInt8(customer.isSpeech ? 2 : 0)
        talkWindow[talkWrite] = entry
        agentTalkHops += Int(entry & 1)
        customerTalkHops += Int(entry >> 1)
        talkWrite = talkWrite + 1 == talkWindow.count ? 0 : talkWrite + 1
    }

    private func talkShare() -> Float? {
        let total = agentTalkHops + customerTalkHops
        return total >= talkShareMinimumHops ? Float(agentTalkHops) / Float(total) : nil
    }

    /// The customer's loudness (LU) and pitch (semitones) above their own baseline, once known.
    private mutating func customerRise(_ customer: ProsodyFrame) -> (loudness: Float, pitch: Float)? {
        guard customer.isSpeech else { return nil }
        let loudness = customer.loudnessMomentaryLUFS.flatMap { $0 > -70 ? $0 : nil }
        let pitch = customer.f0Hz.map { 12 * log2f($0) }
        if customerSpeechHops < customerBaselineHops {
            customerSpeechHops += 1
            if let loudness {
                baselineLoudnessSum += loudness
                baselineLoudnessCount += 1
            }
            if let pitch {
                baselinePitchSum += pitch
                baselinePitchCount += 1
            }
            return nil
        }
        guard baselineLoudnessCount > 0, baselinePitchCount > 0 else { return nil }
        if let loudness {
            customerLoudness =
                customerLoudness.isNaN ? loudness : customerLoudness + averageWeight * (loudness - customerLoudness)
        }
        if let pitch {
            customerPitch = customerPitch.isNaN ? pitch : customerPitch + averageWeight * (pitch - customerPitch)
        }
        guard !customerLoudness.isNaN, !customerPitch.isNaN else { return nil }
        return (
            customerLoudness - baselineLoudnessSum / Float(baselineLoudnessCount),
            customerPitch - baselinePitchSum / Float(baselinePitchCount)
        )
    }

    private mutating func step(_ kind: CueKind, enters: Bool, stays: Bool) {
        rules[Int(kind.rawValue)].step(enters: enters, stays: stays)
    }

    /// Fires a rule whose condition has held for the dwell time, outside its cooldown.
    private mutating func fire(_ kind: CueKind, _ value: Float?, _ frame: ProsodyFrame, _ channel: Int) -> Cue? {
        guard rules[Int(kind.rawValue)].armedHops >= dwellHops else { return nil }
        guard let cue = fireNow(kind, value, frame, channel) else { return nil }
        rules[Int(kind.rawValue)].armedHops = 0
        return cue
    }

    /// Fires an event-like cue (its own timing already judged), outside its cooldown.
    private mutating func fireNow(_ kind: CueKind, _ value: Float?, _ frame: ProsodyFrame, _ channel: Int) -> Cue? {
        let index = Int(kind.rawValue)
        guard hop - rules[index].lastFiredHop >= cooldownHops else { return nil }
        rules[index].lastFiredHop = hop
        lastCueHop = hop
        return Cue(kind: kind, timeSeconds: frame.timeSeconds, channel: channel, value: value ?? .nan)
    }
}
