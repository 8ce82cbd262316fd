import Core
import Foundation
import TestSupport
import Testing

@testable import Prosody

/// EBU Tech 3341 (loudness metering, "EBU mode") cases on one channel. Tech 3341's signals
/// are stereo, the same sine on both channels; one channel carrying the energy of both is the
/// same sine 3.01 dB higher, so each case feeds its level + 3.01 dB and expects the case's
/// reading. Tolerance ±0.1 LU as in Tech 3341.
@Suite("Loudness meter (EBU Tech 3341)")
struct LoudnessMeterTests {
    static let rates = [8000, 16000, 44100, 48000]

    /// Two channels' energy in one: +3.01 dB.
    static let stereoToOneChannelDB = 10 * log10(2.0)

    /// Feeds 1 kHz sine segments (Tech 3341 stereo level in dBFS, seconds) to one channel and
    /// returns the meter and every hop's readings.
    static func measure(
        _ segments: [(dbfs: Double, seconds: Double)], sampleRate: Int, offsetDB: Double = stereoToOneChannelDB,
        channelWeight: Double = LoudnessMeter.singleChannelWeight
    ) -> (meter: LoudnessMeter, momentary: [Float?], shortTerm: [Float?]) {
        let hop = sampleRate / 100
        let meter = LoudnessMeter(sampleRate: sampleRate, hopSamples: hop, channelWeight: channelWeight)
        var momentary: [Float?] = []
        var shortTerm: [Float?] = []
        var n = 0
        var inHop = 0
        for segment in segments {
            let amplitude = pow(10, (segment.dbfs + offsetDB) / 20)
            for _ in 0..<Int((segment.seconds * Double(sampleRate)).rounded()) {
                let sample = [Float(amplitude * sin(2 * .pi * 1000 * Double(n) / Double(sampleRate)))]
                sample.withUnsafeBufferPointer { meter.add($0) }
                n += 1
                inHop += 1
                if inHop == hop {
                    let reading = meter.endHop()
                    momentary.append(reading.momentary)
                    shortTerm.append(reading.shortTerm)
                    inHop = 0
                }
            }
        }
        return (meter, momentary, shortTerm)
    }

    @Test("cases 1 and 2: a 1 kHz sine at -23 and -33 dBFS reads -23.0 and -33.0 LUFS", arguments: rates)
    func steadySine(sampleRate: Int) throws {
        for level in [-23.0, -33.0] {
            let (meter, momentary, shortTerm) = Self.measure([(level, 20)], sampleRate: sampleRate)
            let integrated = try #require(meter.integratedLUFS)
            #expect(abs(integrated - level) <= 0.1, "integrated \(integrated) at \(sampleRate) Hz")
            let m = try #require(momentary.last ?? nil)
            let s = try #require(shortTerm.last ?? nil)
            #expect(abs(Double(m) - level) <= 0.1)
            #expect(abs(Double(s) - level) <= 0.1)
        }
    }

    @Test("one channel as every BS.1770 meter counts it: a 1 kHz sine at -20 dBFS reads -23.0 LUFS", arguments: rates)
    func monoSine(sampleRate: Int) throws {
        let (meter, momentary, _) = Self.measure([(-20, 10)], sampleRate: sampleRate, offsetDB: 0)
        let integrated = try #require(meter.integratedLUFS)
        #expect(abs(integrated + 23) <= 0.05, "integrated \(integrated) at \(sampleRate) Hz")
        let m = try #require(momentary.last ?? nil)
        #expect(abs(Double(m) + 23) <= 0.05)
    }

    @Test("dual mono only when asked: the same sine reads 3.01 LU higher, -20.0 LUFS")
    func dualMonoOnRequest() throws {
        let (meter, _, _) = Self.measure(
            [(-20, 10)], sampleRate: 48000, offsetDB: 0, channelWeight: LoudnessMeter.dualMonoWeight)
        let integrated = try #require(meter.integratedLUFS)
        #expect(abs(integrated + 20) <= 0.05, "\(integrated)")
    }

    @Test("case 3: -36/-23/-36 dBFS for 10/60/10 s integrates to -23.0 LUFS (relative gate)", arguments: rates)
    func relativeGate(sampleRate: Int) throws {
        let (meter, _, _) = Self.measure([(-36, 10), (-23, 60), (-36, 10)], sampleRate: sampleRate)
        let integrated = try #require(meter.integratedLUFS)
        #expect(abs(integrated + 23) <= 0.1, "\(integrated)")
    }

    @Test("case 4: -72/-36/-23/-36/-72 dBFS integrates to -23.0 LUFS (absolute and relative gates)")
    func bothGates() throws {
        let (meter, _, _) = Self.measure([(-72, 10), (-36, 10), (-23, 60), (-36, 10), (-72, 10)], sampleRate: 48000)
        let integrated = try #require(meter.integratedLUFS)
        #expect(abs(integrated + 23) <= 0.1, "\(integrated)")
    }

    @Test("case 5: -26/-20/-26 dBFS for 20/20.1/20 s integrates to -23.0 LUFS")
    func loudMiddle() throws {
        let (meter, _, _) = Self.measure([(-26, 20), (-20, 20.1), (-26, 20)], sampleRate: 48000)
        let integrated = try #require(meter.integratedLUFS)
        #expect(abs(integrated + 23) <= 0.1, "\(integrated)")
    }

    /// The 3 s window holds 1.34 s at -20 dBFS and 1.66 s at -30 dBFS: their energy average is -23.0 LUFS.
    @Test("short-term window: alternating 1.34 s at -20 and 1.66 s at -30 dBFS peaks at -23.0 LUFS")
    func shortTermAlternating() throws {
        var segments: [(Double, Double)] = []
        for _ in 0..<5 {
            segments.append((-20, 1.34))
            segments.append((-30, 1.66))
        }
        let (_, _, shortTerm) = Self.measure(segments, sampleRate: 48000)
        let settled = shortTerm.dropFirst(300).compactMap { $0 }
        let maximum = try #require(settled.max())
        #expect(abs(Double(maximum) + 23) <= 0.1, "\(maximum)")
    }

    /// The 400 ms window at best holds 0.18 s at -20 and 0.22 s at -30 dBFS: their energy average is -23.0 LUFS.
    @Test("momentary window: 0.18 s bursts at -20 dBFS over -30 dBFS peak at -23.0 LUFS")
    func momentaryBurst() throws {
        var segments: [(Double, Double)] = []
        for _ in 0..<4 {
            segments.append((-30, 2.2))
            segments.append((-20, 0.18))
        }
        let (_, momentary, _) = Self.measure(segments, sampleRate: 48000)
        let maximum = try #require(momentary.compactMap { $0 }.max())
        // Read every 10 ms rather than continuously, so allow the hop's quantisation on top of ±0.1.
        #expect(abs(Double(maximum) + 23) <= 0.15, "\(maximum)")
    }

    @Test("audio far beyond full scale reads what it is, finite, without trapping")
    func beyondFullScale() throws {
        // A 1 kHz sine at amplitude 10 (+20 dB over full scale) reads 20 LU above the same sine
        // at amplitude 1; one at 10^6 sits above the gating histogram and still integrates.
        let (unit, _, _) = Self.measure([(0, 5)], sampleRate: 16000, offsetDB: 0)
        let (ten, _, _) = Self.measure([(20, 5)], sampleRate: 16000, offsetDB: 0)
        let (huge, momentary, _) = Self.measure([(120, 5)], sampleRate: 16000, offsetDB: 0)
        let a = try #require(unit.integratedLUFS)
        let b = try #require(ten.integratedLUFS)
        #expect(abs(b - a - 20) < 0.05, "\(b) vs \(a)")
        let c = try #require(huge.integratedLUFS)
        #expect(c.isFinite && c > 90, "\(c)")
        #expect(momentary.compactMap { $0 }.allSatisfy { $0.isFinite })
    }

    @Test("silence integrates to nothing; momentary reads the floor")
    func silence() {
        let (meter, momentary, _) = Self.measure([(-200, 5)], sampleRate: 16000)
        #expect(meter.integratedLUFS == nil)
        #expect(momentary.last == LevelFloor.decibels)
    }

    @Test("K-weighting: +4 dB shelf at high frequencies, rolled off at 20 Hz")
    func kWeightingShape() {
        func gain(_ frequency: Double) -> Double {
            var filter = KWeightingFilter(sampleRate: 48000)
            var sum = 0.0
            let n = 48000
            for i in 0..<n {
                let y = filter.process(Float(sin(2 * .pi * frequency * Double(i) / 48000)))
                if i >= n / 2 { sum += y * y }
            }
            return 10 * log10(sum / Double(n / 2) / 0.5)
        }
        #expect(abs(gain(1000) - 0.69) < 0.05)
        #expect(abs(gain(10000) - 4.0) < 0.3)
        #expect(gain(20) < -5)
    }

    @Test("K-weighting in blocks: the same outputs and running sums, bit for bit, as sample by sample")
    func kWeightingBlocks() {
        let signal = Signals.speechLike(sampleRate: 16000, seconds: 0.2)
        var one = KWeightingFilter(sampleRate: 16000)
        var blocks = KWeightingFilter(sampleRate: 16000)
        var (expectedA, expectedB) = (0.5, 0.25)
        var (foundA, foundB) = (0.5, 0.25)
        var offset = 0
        // Blocks of one, two, three samples and longer, the filter state carried between them.
        for count in [1, 2, 3, 7, 160, 1, 481, 2] {
            for i in offset..<(offset + count) {
                let y = one.process(signal[i])
                expectedA += y * y
                expectedB += y * y
            }
            signal.withUnsafeBufferPointer {
                blocks.accumulateSquares($0.baseAddress! + offset, count: count, into: &foundA, &foundB)
            }
            #expect(foundA == expectedA && foundB == expectedB, "after the block of \(count) at \(offset)")
            offset += count
        }
        #expect(one.process(0.25) == blocks.process(0.25))
    }
}
