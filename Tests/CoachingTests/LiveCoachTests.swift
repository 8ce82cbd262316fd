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
        // Fast and loud together: the louder problem first, the other only after the 15 s gap.
        let both = Self.cues((0..<2500).map { Self.frame($0, rate: 7.2, loudness: -10) })
        #expect(both.map(\.kind) == [.lowerVoice, .slowDown])
        #expect(both[1].timeSeconds - both[0].timeSeconds >= 15)
    }

    @Test("a flat voice gets 'lift your tone'; a quiet one 'speak up'")
    func flatAndQuiet() {
        #expect(Self.cues((0..<500).map { Self.frame($0, spread: 0.6) }).map(\.kind) == [.liftTone])
        #expect(Self.cues((0..<500).map { Self.frame($0, loudness: -42) }).map(\.kind) == [.speakUp])
    }
}
