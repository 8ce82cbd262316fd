import Foundation
import Testing

@testable import Prosody

@Suite("Voiced run filter")
struct VoicedRunFilterTests {
    /// Decides a path hop by hop as the chain does: each hop `lag` hops after it was traced,
    /// the rest at the end. `path` holds f0 in Hz per hop, 0 for unvoiced; the result too.
    static func filter(_ path: [Float], lag: Int = 15) -> [Float] {
        var filter = VoicedRunFilter(hopSeconds: 0.01)
        #expect(filter.lookaheadHops <= lag)
        var traced = [Float](repeating: .nan, count: lag + 1)
        var out: [Float] = []
        func trace(newest: Int) {
            for k in 0...lag {
                let hop = newest - k
                traced[k] = hop >= 0 && path[hop] > 0 ? log2f(path[hop]) : .nan
            }
        }
        for i in path.indices where i >= lag {
            trace(newest: i)
            out.append(filter.decide(traced: traced, hopsBack: lag) ? path[i - lag] : 0)
        }
        trace(newest: path.count - 1)
        for back in stride(from: min(path.count, lag) - 1, through: 0, by: -1) {
            out.append(filter.decide(traced: traced, hopsBack: back) ? path[path.count - 1 - back] : 0)
        }
        return out
    }

    static func hops(_ count: Int, _ hz: Float) -> [Float] { [Float](repeating: hz, count: count) }

    @Test("a 30 ms run alone in unvoiced hops (noise, a fricative) is unvoiced")
    func isolatedBlipDropped() {
        let path = Self.hops(30, 0) + Self.hops(3, 366) + Self.hops(30, 0)
        #expect(Self.filter(path) == Self.hops(63, 0))
    }

    @Test("a 60 ms voiced run, the shortest vowel, stands on its own")
    func shortestVowelKept() {
        let path = Self.hops(30, 0) + Self.hops(6, 180) + Self.hops(30, 0)
        #expect(Self.filter(path) == path)
    }

    @Test("a short run that continues the voice across a voiceless consonant (up to 100 ms) is kept")
    func continuationKept() {
        let after = Self.hops(20, 185) + Self.hops(9, 0) + Self.hops(3, 190) + Self.hops(30, 0)
        #expect(Self.filter(after) == after)
        let before = Self.hops(30, 0) + Self.hops(3, 190) + Self.hops(10, 0) + Self.hops(20, 200)
        #expect(Self.filter(before) == before)
    }

    @Test("a short run that leaps off the voice's pitch is unvoiced, the voice is not")
    func leapDropped() {
        // 185 Hz, then two unvoiced hops, then three hops at 366 Hz (0.98 octave up), then unvoiced.
        let path = Self.hops(20, 185) + Self.hops(2, 0) + Self.hops(3, 366) + Self.hops(30, 0)
        let expected = Self.hops(20, 185) + Self.hops(35, 0)
        #expect(Self.filter(path) == expected)
    }

    @Test("a short run too far from the voice (over 100 ms of unvoiced hops) is unvoiced")
    func distantRunDropped() {
        let path = Self.hops(20, 185) + Self.hops(11, 0) + Self.hops(3, 185) + Self.hops(30, 0)
        let expected = Self.hops(20, 185) + Self.hops(44, 0)
        #expect(Self.filter(path) == expected)
    }

    @Test("a short run at the very end of a stream, alone, is unvoiced")
    func shortRunAtEndDropped() {
        let path = Self.hops(30, 0) + Self.hops(2, 220)
        #expect(Self.filter(path) == Self.hops(32, 0))
    }
}
