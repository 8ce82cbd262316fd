import Foundation
import Testing

@testable import Prosody

@Suite("Pitch path tracker")
struct PitchPathTrackerTests {
    /// One hop's offer: candidates as (f0 Hz, strength), and the unvoiced strength.
    typealias Hop = (candidates: [(Float, Float)], unvoiced: Float)

    /// Runs hops through a tracker with `lag` and returns every decision in hop order.
    static func decide(_ hops: [Hop], lag: Int) -> [Float?] {
        let tracker = PitchPathTracker(hopSeconds: 0.01, lagHops: lag)
        var out: [Float?] = []
        for (i, hop) in hops.enumerated() {
            let log2F0 = hop.candidates.map { log2f($0.0) }
            let strength = hop.candidates.map(\.1)
            tracker.push(
                count: hop.candidates.count, log2F0: log2F0, strength: strength, clarity: strength,
                unvoicedStrength: hop.unvoiced)
            tracker.trace()
            if i >= lag { out.append(tracker.decide(hopsBack: lag)?.f0Hz) }
        }
        for back in stride(from: min(hops.count, lag) - 1, through: 0, by: -1) {
            out.append(tracker.decide(hopsBack: back)?.f0Hz)
        }
        return out
    }

    /// Whether a decision is `hz` (log2 and back again leaves a rounding error).
    static func isHz(_ value: Float?, _ hz: Float) -> Bool { value.map { abs($0 - hz) < 0.01 } ?? false }

    @Test("an onset that first favours the sub-harmonic follows the voice once it has settled")
    func onsetCorrectedByLookAhead() throws {
        // Three hops where 100 Hz (the sub-harmonic) looks slightly stronger than 200 Hz, then
        // twenty where the voice at 200 Hz is clear.
        let onset: [Hop] = Array(repeating: ([(100, 0.62), (200, 0.60)], 0.5), count: 3)
        let voice: [Hop] = Array(repeating: ([(100, 0.55), (200, 0.95)], 0.5), count: 20)
        let withLag = Self.decide(onset + voice, lag: 10)
        #expect(withLag.allSatisfy { Self.isHz($0, 200) }, "\(withLag)")
        // Without look-ahead the first hops are decided before the evidence arrives.
        let causal = Self.decide(onset + voice, lag: 0)
        #expect(causal.prefix(3).allSatisfy { Self.isHz($0, 100) })
    }

    @Test("a single hop whose best candidate is an octave off does not break a steady path")
    func octaveSlipIgnored() throws {
        var hops: [Hop] = Array(repeating: ([(150, 0.9), (300, 0.7)], 0.5), count: 21)
        hops[10] = ([(150, 0.7), (300, 0.9)], 0.5)
        let decisions = Self.decide(hops, lag: 5)
        #expect(decisions.count == 21)
        #expect(decisions.allSatisfy { Self.isHz($0, 150) }, "\(decisions)")
    }

    @Test("a few hops where the sub-harmonic is stronger do not take the path an octave down and back")
    func subHarmonicDetourRefused() throws {
        // A voice at 160 Hz; for six hops a talker or sub-harmonic at 80 Hz is the stronger
        // peak (as in babble). At Praat's linear cost alone the detour pays: it gains
        // 6 × 0.2 = 1.2 in strength and costs 2 × 0.35 = 0.7 in jumps. An octave in one hop
        // is no glide, so each jump costs 0.75 more and the path stays with the voice. (The
        // way round through unvoiced hops costs 4 × 0.14 in switches and 2 × 0.15 in strength,
        // more than the 4 × 0.2 it gains.)
        let steady: [Hop] = Array(repeating: ([(160, 0.85), (80, 0.60)], 0.5), count: 10)
        let masked: [Hop] = Array(repeating: ([(160, 0.65), (80, 0.85)], 0.5), count: 6)
        let decisions = Self.decide(steady + masked + steady, lag: 15)
        #expect(decisions.count == 26)
        #expect(decisions.allSatisfy { Self.isHz($0, 160) }, "\(decisions)")
    }

    @Test("a glide of a semitone per hop is followed, however far it goes")
    func fastGlideFollowed() throws {
        // An octave up in twelve hops (as fast as voices glide), each hop also offering the
        // octave below a little weaker and a steady competitor at the start pitch.
        let glide: [Float] = (0..<24).map { 150 * exp2f(Float(min($0, 12)) / 12) }
        let hops: [Hop] = glide.map { f -> Hop in ([(f, 0.9), (f / 2, 0.8), (150, 0.7)], 0.5) }
        let decisions = Self.decide(hops, lag: 10)
        #expect(decisions.count == glide.count)
        for (decided, truth) in zip(decisions, glide) {
            #expect(Self.isHz(decided, truth), "\(decisions)")
        }
    }

    @Test("after a one-hop dropout the voice resumes at its pitch, not at the sub-harmonic that is stronger for a while")
    func resumesAcrossDropout() throws {
        // A voice at 160 Hz, one hop with no candidate (masked), then five hops where 80 Hz is
        // the stronger peak. Resuming at 80 Hz gains 5 × 0.25 = 1.25 and pays 1.1 to come back
        // up; without a memory it wins by 0.15. With one, the octave from the last voiced
        // pitch, two hops back (0.5 octave allowed), costs 0.5 more, and the voice wins.
        let steady: [Hop] = Array(repeating: ([(160, 0.85), (80, 0.60)], 0.5), count: 10)
        let masked: [Hop] = Array(repeating: ([(160, 0.65), (80, 0.90)], 0.5), count: 5)
        let decisions = Self.decide(steady + [([], 0.5)] + masked + steady, lag: 15)
        #expect(decisions.count == 26)
        #expect(decisions[10] == nil)
        let voiced = decisions.enumerated().filter { $0.offset != 10 }.map(\.element)
        #expect(voiced.allSatisfy { Self.isHz($0, 160) }, "\(decisions)")
    }

    @Test("across a dropout, the path that stays with the voice stays open when one an octave off leads")
    func bothMemoriesKept() throws {
        // Before the dropout 300 Hz leads 150 Hz by 0.02 a hop; after it the voice is clearly
        // at 150 Hz. Staying at 150 Hz throughout scores 17.02, 300 Hz then 150 Hz 16.72 (it
        // pays 0.5 for resuming an octave from its last pitch). Were the unvoiced hop to
        // remember only the leading path's 300 Hz, staying at 150 Hz would pay the 0.5 too
        // (16.52) and lose.
        let before: [Hop] = Array(repeating: ([(300, 0.80), (150, 0.78)], 0.5), count: 10)
        let after: [Hop] = Array(repeating: ([(150, 0.90), (300, 0.60)], 0.5), count: 10)
        let decisions = Self.decide(before + [([], 0.5)] + after, lag: 25)
        #expect(decisions.count == 21)
        let voiced = decisions.enumerated().filter { $0.offset != 10 }.map(\.element)
        #expect(voiced.allSatisfy { Self.isHz($0, 150) }, "\(decisions)")
    }

    @Test("after a pause the voice may start an octave away")
    func freshStartAfterPause() throws {
        let high: [Hop] = Array(repeating: ([(300, 0.9)], 0.5), count: 10)
        let pause: [Hop] = Array(repeating: ([], 0.5), count: 20)
        let low: [Hop] = Array(repeating: ([(150, 0.9)], 0.5), count: 10)
        let decisions = Self.decide(high + pause + low, lag: 15)
        #expect(decisions.prefix(10).allSatisfy { Self.isHz($0, 300) })
        #expect(decisions[10..<30].allSatisfy { $0 == nil })
        #expect(decisions.suffix(10).allSatisfy { Self.isHz($0, 150) }, "\(decisions)")
    }

    @Test("no candidate stronger than the unvoiced hypothesis: unvoiced")
    func unvoiced() throws {
        let hops: [Hop] = Array(repeating: ([(150, 0.3)], 0.5), count: 15) + Array(repeating: ([], 0.5), count: 5)
        #expect(Self.decide(hops, lag: 10).allSatisfy { $0 == nil })
    }
}
