import Foundation
import Coaching
import Core
import Testing

@Suite("Live coach")
struct LiveCoachTests {
    static let hop = 0.01

    /// A speaking frame at hop `index` with the given measures.
    static func frame(_ index: Int, rate: Float? = 4.5, loudness: Float = -22, spread: Float? = 3) -> ProsodyFrame {
        var frame = ProsodyFrame(timeSeconds: Double(index + 1) * hop)
        frame.isSpeech = true
        frame.f0Hz = 120
        frame.loudnessMomentaryLUFS = loudness
        frame.articulationRateSyllablesPerSecond = rate
        frame.pitchVariabilitySemitones = spread
        return frame
    }

    /// The rules' mechanics (dwell, hysteresis, cooldown, gap) are tested with pace judged from
    /// the first word; waiting for enough speech has a suite of its own.
    static var paceFromTheStart: LiveCueSettings {
        var settings = LiveCueSettings()
        settings.paceMinimumSpeechSeconds = 0
        return settings
    }

    static func cues(_ frames: [ProsodyFrame], settings: LiveCueSettings = paceFromTheStart) -> [Cue] {
        var coach = LiveCoach(settings: settings, hopSeconds: hop)
        return frames.compactMap { coach.update($0, channel: 0) }
    }

    @Test("a calm, well-paced, lively voice gets no cue")
    func calm() {
        #expect(Self.cues((0..<6000).map { Self.frame($0) }).isEmpty)
    }

    @Test("fast speech sustained past the dwell time gets 'slow down' once, at the end of the dwell")
    func sustainedFast() throws {
        let frames = (0..<1000).map { Self.frame($0, rate: 7.2) }
        let cues = Self.cues(frames)
        let cue = try #require(cues.first)
        #expect(cues.count == 1)
        #expect(cue.kind == .slowDown)
        // 3 s of speech after the 0.1 s it takes to confirm the first syllable.
        #expect(abs(cue.timeSeconds - 3.09) < 0.02, "fires after the 3 s dwell, at \(cue.timeSeconds)")
        #expect(abs(cue.value - 7.2) < 0.001)
    }

    @Test("a blip is not a habit: 2 s of fast speech does not fire")
    func blip() {
        let frames = (0..<3000).map { Self.frame($0, rate: $0 < 200 ? 7.5 : 4.5) }
        #expect(Self.cues(frames).isEmpty)
    }

    @Test("a cue that comes due while its measure is unknown waits for it: no cue without a value")
    func noCueWithoutValue() {
        // Loud from the start, fast from 1 s: 'lower your voice' comes due first, and the
        // minimum gap after it holds 'slow down' back when it comes due a second later. From
        // 4.5 s on the rate is unknown (as when its window empties in a long silence) while
        // the agent speaks on, loud.
        let frames = (0..<2000).map { Self.frame($0, rate: $0 < 100 ? 4.5 : $0 < 450 ? 7.2 : nil, loudness: -12) }
        let cues = Self.cues(frames)
        #expect(cues.first?.kind == .lowerVoice)
        // Before: 'slow down' fired when the gap ended, with NaN for its value.
        #expect(cues.allSatisfy { !$0.value.isNaN }, "\(cues)")
        #expect(!cues.contains { $0.kind == .slowDown }, "\(cues)")
    }

    @Test("hysteresis: hovering between the disarm (6.0) and arm (6.5) thresholds keeps the rule armed")
    func hysteresis() {
        // 1 s above 6.5 arms the rule; 2.5 s at 6.2 (below arm, above disarm) keeps it armed.
        let frames = (0..<400).map { Self.frame($0, rate: $0 < 100 ? 6.8 : 6.2) }
        #expect(Self.cues(frames).map(\.kind) == [.slowDown])
        // Starting at 6.2 never arms it.
        #expect(Self.cues((0..<400).map { Self.frame($0, rate: 6.2) }).isEmpty)
    }

    @Test("a cue does not come back within its cooldown, and no two cues come within the minimum gap")
    func cooldownAndGap() {
        // Fast for 100 s: slow_down at 3 s, then again only after its 45 s cooldown.
        let fast = Self.cues((0..<10_000).map { Self.frame($0, rate: 7.2) })
        #expect(fast.map(\.kind) == [.slowDown, .slowDown, .slowDown])
        #expect(fast.count >= 2 && fast[1].timeSeconds - fast[0].timeSeconds >= 45)
        // Fast and loud together (loudness is judged after the first second of speech, so the
        // pace turns fast then too): the louder problem first, the other only after the 15 s gap.
        let both = Self.cues((0..<2500).map { Self.frame($0, rate: $0 < 100 ? 4.5 : 7.2, loudness: -10) })
        #expect(both.map(\.kind) == [.lowerVoice, .slowDown])
        #expect(both[1].timeSeconds - both[0].timeSeconds >= 15)
    }

    @Test("a flat voice gets 'lift your tone'; a quiet one 'speak up'")
    func flatAndQuiet() {
        #expect(Self.cues((0..<500).map { Self.frame($0, spread: 0.6) }).map(\.kind) == [.liftTone])
        #expect(Self.cues((0..<500).map { Self.frame($0, loudness: -42) }).map(\.kind) == [.speakUp])
    }
}

@Suite("Live coach: two-sided calls")
struct ConversationCoachTests {
    static let hop = 0.01

    /// A frame at hop `index`: speaking or silent, with a loudness and pitch.
    static func frame(_ index: Int, speaking: Bool, loudness: Float = -22, f0: Float = 120) -> ProsodyFrame {
        var frame = ProsodyFrame(timeSeconds: Double(index + 1) * hop)
        frame.isSpeech = speaking
        if speaking {
            frame.f0Hz = f0
            frame.loudnessMomentaryLUFS = loudness
            frame.articulationRateSyllablesPerSecond = 4.5
            frame.pitchVariabilitySemitones = 3
        }
        return frame
    }

    /// Runs a call described per hop by (agent speaking, customer speaking, customer loudness, customer f0).
    static func cues(_ hops: Int, _ describe: (Int) -> (Bool, Bool, Float, Float)) -> [Cue] {
        var coach = LiveCoach(hopSeconds: hop)
        return (0..<hops).compactMap { i in
            let (agent, customer, loudness, f0) = describe(i)
            return coach.update(
                agent: frame(i, speaking: agent), agentChannel: 0,
                customer: frame(i, speaking: customer, loudness: loudness, f0: f0), customerChannel: 1)
        }
    }

    /// Turns of 4 s each, agent first, with 300 ms gaps: a calm, balanced call.
    static func turns(_ i: Int) -> (agent: Bool, customer: Bool) {
        let position = i % 800
        return (position < 370, position >= 400 && position < 770)
    }

    @Test("a calm, balanced two-sided call gets no cue")
    func calmCall() {
        #expect(Self.cues(12_000) { i in let t = Self.turns(i); return (t.agent, t.customer, -22, 200) }.isEmpty)
    }

    @Test("talking over is 'let them finish' whoever cut in, once the overlap passes a second; an early start is not")
    func overtalk() throws {
        // The customer speaks 0-6 s; the agent cuts in at 3 s and talks on.
        let cutIn = Self.cues(800) { i in (i >= 300 && i < 700, i < 600, -22, 200) }
        let cue = try #require(cutIn.first)
        #expect(cutIn.map(\.kind) == [.letThemFinish])
        #expect(abs(cue.timeSeconds - 4.0) < 0.03, "after 1 s of overlap: \(cue.timeSeconds)")
        // The agent speaks 0-6 s; the customer cuts in at 3 s and the agent talks on for 3 s.
        let talkedOn = Self.cues(800) { i in (i < 600, i >= 300 && i < 700, -22, 200) }
        #expect(talkedOn.map(\.kind) == [.letThemFinish])
        #expect(abs((talkedOn.first?.timeSeconds ?? 0) - 4.0) < 0.03)
        // The customer starts 0.4 s before the agent finishes (an early start), or says
        // "mm-hm" for 0.6 s in the middle of the agent's turn: no event.
        #expect(Self.cues(800) { i in (i < 400, i >= 360 && i < 700, -22, 200) }.isEmpty)
        #expect(Self.cues(800) { i in (i < 600, i >= 300 && i < 360, -22, 200) }.isEmpty)
    }

    @Test("dead air is counted from the end of the last word and cued at the profile's 5 s, once; a 3 s pause never")
    func deadAir() throws {
        // The customer's last word ends at 5 s; nobody speaks until 20 s.
        let cues = Self.cues(2100) { i in (i < 300 || i >= 2000, i >= 300 && i < 500, -22, 200) }
        let cue = try #require(cues.first)
        #expect(cues.map(\.kind) == [.deadAir])
        #expect(abs(cue.timeSeconds - 10.0) < 0.03, "silence from 5 s, cue at 10 s: \(cue.timeSeconds)")
        // Ordinary 3 s pauses between turns, for a minute.
        #expect(Self.cues(6000) { i in (i % 1000 < 350, i % 1000 >= 650 && i % 1000 < 950, -22, 200) }.isEmpty)
        // Silence before anyone has spoken is not dead air.
        #expect(Self.cues(1200) { _ in (false, false, -22, 200) }.isEmpty)
    }

    @Test("noise bursts do not split a silence: unvoiced or shorter than a syllable")
    func burstsInSilence() throws {
        var coach = LiveCoach(hopSeconds: Self.hop)
        var cues: [Cue] = []
        for i in 0..<1500 {
            var agent = Self.frame(i, speaking: i < 300)
            // Every second, a 200 ms unvoiced burst and a 50 ms voiced click on the agent's line.
            if i > 300 && i % 100 < 20 { agent.isSpeech = true }
            if i > 300 && i % 100 >= 50 && i % 100 < 55 {
                agent.isSpeech = true
                agent.f0Hz = 150
            }
            let customer = Self.frame(i, speaking: false)
            if let cue = coach.update(agent: agent, agentChannel: 0, customer: customer, customerChannel: 1) {
                cues.append(cue)
            }
        }
        #expect(cues.map(\.kind) == [.deadAir])
        #expect(abs((cues.first?.timeSeconds ?? 0) - 8.0) < 0.03)
    }

    @Test("dead air held back by another conversation cue fires late rather than never")
    func deadAirBlocked() throws {
        var settings = LiveCueSettings()
        settings.conversationGapSeconds = 8
        var coach = LiveCoach(settings: settings, hopSeconds: Self.hop)
        var cues: [Cue] = []
        for i in 0..<2500 {
            // The customer speaks 0-6 s, the agent cuts in at 3 s and talks on to 6 s
            // ("let them finish" at 4 s); then silence until 25 s.
            let agent = Self.frame(i, speaking: i >= 300 && i < 600)
            let customer = Self.frame(i, speaking: i < 600)
            if let cue = coach.update(agent: agent, agentChannel: 0, customer: customer, customerChannel: 1) {
                cues.append(cue)
            }
        }
        #expect(cues.map(\.kind) == [.letThemFinish, .deadAir])
        guard cues.count == 2 else { return }
        // Due at 11 s (5 s after the last word at 6 s), held back by the 8 s gap after the cue
        // at 4 s: shown at 12 s, 6 s into the silence.
        #expect(abs(cues[1].timeSeconds - 12.0) < 0.03, "\(cues[1].timeSeconds)")
        #expect(abs(cues[1].value - 6.0) < 0.03)
    }

    @Test("a voice cue shown just before does not hold back a conversation cue")
    func voiceCueDoesNotBlock() throws {
        var coach = LiveCoach(hopSeconds: Self.hop)
        var cues: [Cue] = []
        for i in 0..<1500 {
            // A flat agent for 4 s ("lift your tone" at 3.09 s, once the first syllable was
            // confirmed), then silence: dead air at 9 s, not held back by the voice cue.
            var agent = Self.frame(i, speaking: i < 400)
            if i < 400 { agent.pitchVariabilitySemitones = 0.5 }
            if let cue = coach.update(agent: agent, agentChannel: 0, customer: Self.frame(i, speaking: false), customerChannel: 1) {
                cues.append(cue)
            }
        }
        #expect(cues.map(\.kind) == [.liftTone, .deadAir])
        #expect(abs((cues.last?.timeSeconds ?? 0) - 9.0) < 0.03)
    }

    @Test("the events tell what happened: silences from word to word, overlaps credited to the second speaker")
    func events() throws {
        var coach = LiveCoach(hopSeconds: Self.hop)
        var events: [ConversationEvent] = []
        // Agent 0-6 s; the customer cuts in at 4 s until 9 s; silence 9-17 s; the agent cuts in
        // on the customer's turn 17-22 s at 20 s and talks to 23 s.
        for i in 0..<2400 {
            let agent = i < 600 || (i >= 2000 && i < 2300)
            let customer = (i >= 400 && i < 900) || (i >= 1700 && i < 2200)
            _ = coach.update(
                agent: Self.frame(i, speaking: agent), agentChannel: 0,
                customer: Self.frame(i, speaking: customer), customerChannel: 1)
            while let event = coach.takeEvent() { events.append(event) }
        }
        coach.finish()
        while let event = coach.takeEvent() { events.append(event) }
        #expect(events.map(\.kind) == [.customerCutIn, .deadAir, .agentCutIn])
        guard events.count == 3 else { return }
        #expect(abs(events[0].startSeconds - 4.01) < 0.02 && abs(events[0].seconds - 2.0) < 0.03)
        #expect(abs(events[1].startSeconds - 9.0) < 0.02 && abs(events[1].seconds - 8.0) < 0.03)
        #expect(abs(events[2].startSeconds - 20.01) < 0.02 && abs(events[2].seconds - 2.0) < 0.03)
    }

    @Test("an agent doing nearly all the talking gets 'let the customer speak'")
    func dominating() throws {
        // The agent talks 9 s, the customer 1 s, over and over.
        let cues = Self.cues(6000) { i in (i % 1000 < 900, i % 1000 >= 900, -22, 200) }
        #expect(cues.first?.kind == .letCustomerTalk)
        #expect(try #require(cues.first).value > 0.8)
    }

    @Test("a customer who gets louder and higher than their own first speech, over turns with short pauses: 'acknowledge first'")
    func agitation() throws {
        // Customer turns of 3.7 s between the agent's: calm (-26 LUFS, 200 Hz) until 36 s, then
        // +6 LU and +2 semitones.
        let upset = Self.cues(6000) { i in
            let t = Self.turns(i)
            let agitated = i >= 3600
            return (t.agent, t.customer, agitated ? -20 : -26, agitated ? Float(200 * pow(2, 2.0 / 12)) : 200)
        }
        let cue = try #require(upset.first)
        #expect(upset.map(\.kind) == [.acknowledgeFeelings])
        #expect(cue.channel == 1)
        // The first raised turn runs 36-39.7 s: the 2 s average passes +4.5 LU after about
        // 1.9 s of it, and the rise must then hold for 1 s: the cue comes within that turn.
        #expect(cue.timeSeconds > 38 && cue.timeSeconds < 39.7, "\(cue.timeSeconds)")
        // Louder but with the pitch falling is not the mark of arousal (a customer who moved
        // closer to the phone).
        #expect(Self.cues(6000) { i in
            let t = Self.turns(i)
            return (t.agent, t.customer, i >= 3600 ? -20 : -26, i >= 3600 ? 180 : 200)
        }.isEmpty)
    }

    @Test("a customer who is loud and high from the first word is just their voice")
    func loudFromTheStart() {
        #expect(Self.cues(6000) { i in let t = Self.turns(i); return (t.agent, t.customer, -14, 340) }.isEmpty)
    }
}

@Suite("Live coach: pace over speech only")
struct PaceOverSpeechTests {
    static func frame(_ index: Int, speaking: Bool, rate: Float?) -> ProsodyFrame {
        var frame = ProsodyFrame(timeSeconds: Double(index + 1) * 0.01)
        frame.isSpeech = speaking
        frame.f0Hz = speaking ? 150 : nil
        frame.loudnessMomentaryLUFS = -24
        frame.articulationRateSyllablesPerSecond = rate
        frame.pitchVariabilitySemitones = speaking ? 3 : nil
        return frame
    }

    static func cues(_ frames: [ProsodyFrame]) -> [Cue] {
        var coach = LiveCoach(hopSeconds: 0.01)
        return frames.compactMap { coach.update($0, channel: 0) }
    }

    @Test("a slow reading during silence never cues 'pick up the pace'")
    func notDuringSilence() {
        // 12 s of speech at 4.5, then 20 s of silence whose (stale) rate reads 2.0.
        let frames = (0..<3200).map { i in
            i < 1200 ? Self.frame(i, speaking: true, rate: 4.5) : Self.frame(i, speaking: false, rate: 2.0)
        }
        #expect(Self.cues(frames).isEmpty)
    }

    @Test("pace is not judged before the profile's 6 s of speech, then is")
    func notBeforeEnoughSpeech() throws {
        // Slow from the first word: a 2 s greeting is not judged; after 6 s of speech and the
        // 3 s dwell (counted once the first syllable is confirmed, 0.09 s in), it is.
        #expect(Self.cues((0..<200).map { Self.frame($0, speaking: true, rate: 2.0) }).isEmpty)
        let cues = Self.cues((0..<1500).map { Self.frame($0, speaking: true, rate: 2.0) })
        #expect(cues.map(\.kind) == [.speedUp])
        #expect(abs(try #require(cues.first).timeSeconds - 9.09) < 0.03)
    }
}

@Suite("Live coach: the agent's own baseline")
struct AgentBaselineTests {
    static func frame(_ index: Int, loudness: Float, f0: Float, spread: Float) -> ProsodyFrame {
        var frame = ProsodyFrame(timeSeconds: Double(index + 1) * 0.01)
        frame.isSpeech = true
        frame.f0Hz = f0
        frame.loudnessMomentaryLUFS = loudness
        frame.articulationRateSyllablesPerSecond = 4.5
        frame.pitchVariabilitySemitones = spread
        return frame
    }

    static func cues(_ frames: [ProsodyFrame]) -> [Cue] {
        var coach = LiveCoach(hopSeconds: 0.01)
        return frames.compactMap { coach.update($0, channel: 0) }
    }

    @Test("a deep, steady voice and a high, lively voice both pass as normal")
    func deepAndHigh() {
        #expect(Self.cues((0..<6000).map { Self.frame($0, loudness: -24, f0: 85, spread: 1.8) }).isEmpty)
        #expect(Self.cues((0..<6000).map { Self.frame($0, loudness: -18, f0: 310, spread: 4.5) }).isEmpty)
    }

    @Test("an agent who gets much louder than they started gets 'lower your voice', though still within absolute bounds")
    func louderThanStart() throws {
        // -30 LUFS for the first 20 s, then -22 (8 LU up, yet below the -14 absolute bound).
        let cues = Self.cues((0..<4000).map { Self.frame($0, loudness: $0 < 2000 ? -30 : -22, f0: 120, spread: 2.5) })
        #expect(cues.map(\.kind) == [.lowerVoice])
        #expect(try #require(cues.first).timeSeconds > 20)
    }

    @Test("shouting comes before everything else")
    func shouting() {
        let cues = Self.cues((0..<600).map { Self.frame($0, loudness: -6, f0: 200, spread: 2.5) })
        #expect(cues.map(\.kind) == [.shouting])
    }
}
