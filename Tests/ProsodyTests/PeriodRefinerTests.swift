import Core
import Foundation
import TestSupport
import Testing

@testable import Prosody

@Suite("Period refiner")
struct PeriodRefinerTests {
    /// The triangle weight of sample j of n, as the refiner defines it.
    static func weight(_ j: Int, _ n: Int) -> Double { Double(min(2 * j + 1, 2 * n - 2 * j - 1)) }

    /// 60 samples of a ramp with alternating sign and an offset (so that the sums of b matter).
    static let samples: [Float] = (0..<60).map { Float($0 % 2 == 0 ? $0 : -$0) * 0.05 + 0.3 }

    static func close(_ a: Float, _ b: Double) -> Bool { abs(Double(a) - b) <= 1e-5 * max(1, abs(b)) }

    @Test("the triangle-weighted sums of three lags are their definition, for every window length")
    func threeLagSums() {
        let x = Self.samples
        // Lengths of every remainder by four, odd and even, with and without a group holding the middle.
        for count in 1...40 {
            let sums = PeriodRefiner.sums(x, lagFrom: 7, count: count)
            var energyA = 0.0, sumA = 0.0
            for j in 0..<count {
                energyA += Self.weight(j, count) * Double(x[j]) * Double(x[j])
                sumA += Self.weight(j, count) * Double(x[j])
            }
            #expect(Self.close(sums.energyA, energyA), "Σ w·a² over \(count)")
            #expect(Self.close(sums.sumA, sumA), "Σ w·a over \(count)")
            for k in 0..<3 {
                var cross = 0.0, energyB = 0.0, sumB = 0.0
                for j in 0..<count {
                    let (a, b) = (Double(x[j]), Double(x[j + 7 + k]))
                    cross += Self.weight(j, count) * a * b
                    energyB += Self.weight(j, count) * b * b
                    sumB += Self.weight(j, count) * b
                }
                #expect(Self.close(sums.cross[k], cross), "Σ w·a·b, lag \(7 + k), over \(count)")
                #expect(Self.close(sums.energyB[k], energyB), "Σ w·b², lag \(7 + k), over \(count)")
                #expect(Self.close(sums.sumB[k], sumB), "Σ w·b, lag \(7 + k), over \(count)")
                let one = PeriodRefiner.sums(x, lag: 7 + k, count: count)
                #expect(Self.close(one.cross, cross) && Self.close(one.energyB, energyB) && Self.close(one.sumB, sumB))
            }
        }
    }

    /// The refiner of the default chain at `sampleRate`.
    static func refiner(_ sampleRate: Int) throws -> (PeriodRefiner, PitchTracker) {
        let pitch = try PitchTracker(sampleRate: sampleRate, settings: AnalysisSettings())
        return (PeriodRefiner(pitch: pitch), pitch)
    }

    @Test("a steady voice's period, between two samples, to within a cent", arguments: [8000, 16000, 48000])
    func steadyPeriod(sampleRate: Int) throws {
        let (refiner, _) = try Self.refiner(sampleRate)
        for f0 in [75.3, 123.4, 217.7, 388.1] {
            let signal = Signals.voiced(contour: { _ in f0 }, sampleRate: sampleRate, seconds: 0.3)
            let centre = signal.count / 2
            #expect(centre >= refiner.reach)
            let truth = Double(sampleRate) / f0
            // Started 0.4 of a sample off, as a candidate's period may be.
            let found = try #require(signal.withUnsafeBufferPointer {
                refiner.period(centre: $0.baseAddress! + centre, near: Float(truth + 0.4))
            })
            let cents = 1200 * log2(Double(found) / truth)
            #expect(abs(cents) < 1, "\(f0) Hz at \(sampleRate) Hz: \(cents) cents")
        }
    }

    @Test("on a glide, the pitch of the instant the window is centred on")
    func glide() throws {
        let sampleRate = 16000
        let (refiner, _) = try Self.refiner(sampleRate)
        // 150 Hz rising to 300 Hz in one second: 12 semitones a second.
        let contour = { (t: Double) in 150 * pow(2, t) }
        let signal = Signals.voiced(contour: contour, sampleRate: sampleRate, seconds: 1)
        for t in [0.25, 0.5, 0.75] {
            let truth = contour(t)
            let found = try #require(signal.withUnsafeBufferPointer {
                refiner.period(centre: $0.baseAddress! + Int(t * Double(sampleRate)), near: Float(Double(sampleRate) / truth))
            })
            let cents = 1200 * log2(Double(sampleRate) / Double(found) / truth)
            // A 10 ms shift of the window would read 12 cents off.
            #expect(abs(cents) < 3, "at \(t) s: \(cents) cents")
        }
    }

    @Test("no period outside the lags the window can hold, or from a meaningless start")
    func outOfRange() throws {
        let (refiner, pitch) = try Self.refiner(8000)
        let signal = Signals.voiced(contour: { _ in 120 }, sampleRate: 8000, seconds: 0.3)
        signal.withUnsafeBufferPointer {
            let centre = $0.baseAddress! + signal.count / 2
            #expect(refiner.period(centre: centre, near: Float(pitch.maximumLag + 1)) == nil)
            #expect(refiner.period(centre: centre, near: 2) == nil)
            #expect(refiner.period(centre: centre, near: .nan) == nil)
            #expect(refiner.period(centre: centre, near: .infinity) == nil)
            #expect(refiner.period(centre: centre, near: -60) == nil)
        }
    }
}
