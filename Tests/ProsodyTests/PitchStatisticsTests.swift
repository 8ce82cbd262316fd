import Foundation
import TestSupport
import Testing

@testable import Prosody

@Suite("Pitch statistics")
struct PitchStatisticsTests {
    @Test("the running median follows the true median within the 0.1-semitone bins, at every step")
    func runningMedian() throws {
        let statistics = PitchStatistics(minimumHz: 60, maximumHz: 500, hopSeconds: 0.01, windowSeconds: 5)
        var generator = SplitMix64(seed: 11)
        var seen: [Double] = []
        for step in 0..<1500 {
            // A voice that drifts from about 100 Hz to 200 Hz, with jumps and gaps.
            let centre = 100 * pow(2.0, Double(step) / 1500)
            let f0 = centre * pow(2.0, (Double(generator.next() % 1000) / 1000 - 0.5) / 2)
            let voiced = generator.next() % 5 != 0
            let (semitones, _) = statistics.add(f0Hz: voiced ? Float(f0) : nil)
            guard voiced else {
                #expect(semitones == nil)
                continue
            }
            seen.append(f0)
            let sorted = seen.sorted()
            let trueMedian = sorted[(sorted.count + 1) / 2 - 1]
            let median = try #require(statistics.medianHz)
            #expect(abs(12 * log2(median / trueMedian)) <= 0.1, "step \(step): \(median) vs \(trueMedian)")
        }
    }

    @Test("spread in semitones: a voice alternating between two pitches 4 semitones apart has a spread of 2")
    func spread() throws {
        let statistics = PitchStatistics(minimumHz: 60, maximumHz: 500, hopSeconds: 0.01, windowSeconds: 5)
        var last: Float? = nil
        for step in 0..<1000 {
            last = statistics.add(f0Hz: step % 2 == 0 ? 150 : Float(150 * pow(2.0, 4.0 / 12))).spread
        }
        #expect(abs(try #require(last) - 2) < 0.01)
        #expect(abs(try #require(statistics.spreadSemitones) - 2) < 0.01)
    }
}
