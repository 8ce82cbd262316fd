import Testing

@testable import Prosody

@Suite("Speech run filter")
struct SpeechRunFilterTests {
    /// Feeds raw decisions hop by hop and returns the final ones, in order, as the chain does:
    /// each hop is decided `lag` hops after it arrives, the rest at the end.
    static func filter(_ raw: [Bool], lag: Int = 10) -> [Bool] {
        let filter = SpeechRunFilter(hopSeconds: 0.01, lagHops: lag)
        var out: [Bool] = []
        for (i, flag) in raw.enumerated() {
            filter.push(flag)
            if i >= lag { out.append(filter.decide(hopsBack: lag)) }
        }
        let held = min(raw.count, lag)
        for back in stride(from: held - 1, through: 0, by: -1) { out.append(filter.decide(hopsBack: back)) }
        return out
    }

    static func runs(_ pattern: String) -> [Bool] { pattern.map { $0 == "S" } }

    @Test("a 30 ms burst alone in a silence is dropped: the silence stays whole")
    func isolatedBurstDropped() {
        let raw = Self.runs(String(repeating: ".", count: 40) + "SSS" + String(repeating: ".", count: 40))
        #expect(Self.filter(raw) == [Bool](repeating: false, count: raw.count))
    }

    @Test("a 60 ms run, the shortest syllable, is kept whole, with its edges where they were")
    func syllableKept() {
        let raw = Self.runs(String(repeating: ".", count: 30) + "SSSSSS" + String(repeating: ".", count: 30))
        #expect(Self.filter(raw) == raw)
    }

    @Test("a short run within 100 ms of speech (a weak consonant) is kept")
    func burstNextToSpeechKept() {
        let before = Self.runs(String(repeating: "S", count: 20) + "....." + "SS" + String(repeating: ".", count: 40))
        #expect(Self.filter(before) == before)
        let after = Self.runs(String(repeating: ".", count: 40) + "SS" + "......" + String(repeating: "S", count: 20))
        #expect(Self.filter(after) == after)
    }

    @Test("speech to the very end of a stream is released by the final decisions")
    func endOfStream() {
        let raw = Self.runs(String(repeating: ".", count: 5) + String(repeating: "S", count: 8))
        #expect(Self.filter(raw) == raw)
        #expect(Self.filter(raw, lag: 6).count == raw.count)
    }
}
