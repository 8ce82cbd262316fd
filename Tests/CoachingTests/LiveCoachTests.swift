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

    static func cues(_ frames: [ProsodyFrame], settings: LiveCueSettings = LiveCueSettings()) -> [Cue] {
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
        #expect(abs(cue.timeSeconds - 3.0) < 0.02, "fires after the 3 s dwell, at \(cue.timeSeconds)")
        #expect(abs(cue.value - 7.2) < 0.001)
    }

    @Test("a blip is not a habit: 2 s of fast speech does not fire")
    func blip() {
        let frames = (0..<3000).map { Self.frame($0, rate: $0 < 200 ? 7.5 : 4.5) }
        #expect(Self.cues(frames).isEmpty)
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

    @Test("the agent talking over the customer for over a second gets 'let them finish'; the customer interrupting does not")
    func overtalk() throws {
        // The customer speaks 0-6 s; the agent cuts in at 3 s.
        let cues = Self.cues(800) { i in (i >= 300 && i < 700, i < 600, -22, 200) }
        let cue = try #require(cues.first)
        #expect(cues.map(\.kind) == [.letThemFinish])
        #expect(abs(cue.timeSeconds - 4.0) < 0.02, "after 1 s of overlap: \(cue.timeSeconds)")
        // The agent speaks 0-6 s; the customer cuts in at 3 s: not the agent's overtalk.
        #expect(Self.cues(800) { i in (i < 600, i >= 300 && i < 700, -22, 200) }.isEmpty)
    }

    @Test("eight seconds with nobody speaking is 'dead air', once")
    func deadAir() throws {
        let cues = Self.cues(2000) { i in (i < 300, i >= 300 && i < 500, -22, 200) }
        let cue = try #require(cues.first)
        #expect(cues.map(\.kind) == [.deadAir])
        #expect(abs(cue.timeSeconds - 13.0) < 0.02, "silence from 5 s, cue at 13 s: \(cue.timeSeconds)")
        // Silence before anyone has spoken is not dead air.
        #expect(Self.cues(1200) { _ in (false, false, -22, 200) }.isEmpty)
    }

    @Test("an agent doing nearly all the talking gets 'let the customer speak'")
    func dominating() throws {
        // The agent talks 9 s, the customer 1 s, over and over.
        let cues = Self.cues(6000) { i in (i % 1000 < 900, i % 1000 >= 900, -22, 200) }
        #expect(cues.first?.kind == .letCustomerTalk)
        #expect(try #require(cues.first).value > 0.8)
    }

    @Test("a customer who gets louder and higher than their own baseline: 'acknowledge first'; a loud but steady one: nothing")
    func agitation() throws {
        // Customer turns: calm for the first 30 s (-26 LUFS, 200 Hz), then +9 LU and +5 semitones.
        let upset = Self.cues(6000) { i in
            let t = Self.turns(i)
            let agitated = i >= 3000
            return (t.agent, t.customer, agitated ? -17 : -26, agitated ? Float(200 * pow(2, 5.0 / 12)) : 200)
        }
        let cue = try #require(upset.first)
        #expect(cue.kind == .acknowledgeFeelings)
        #expect(cue.channel == 1)
        #expect(cue.timeSeconds > 30)
        // A customer who is loud and high from the start is just their voice.
        #expect(Self.cues(6000) { i in let t = Self.turns(i); return (t.agent, t.customer, -17, 340) }.isEmpty)
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
