import Foundation
import Prosody
import Testing

@Suite("Voice activity on band levels")
struct VoiceActivityDetectorTests {
    /// Band mean squares of `decibels` dBFS in each of the four bands.
    static func level(_ decibels: Float) -> SIMD4<Float> {
        SIMD4(repeating: powf(10, decibels / 10))
    }

    @Test("steady line noise is never speech, from its very first hop")
    func lineNoise() {
        let detector = VoiceActivityDetector(hopSeconds: 0.01)
        var speech = 0
        // -66 dBFS per band, flickering by ±1 dB as real noise does; aperiodic.
        for hop in 0..<500 {
            let flicker: Float = hop % 3 == 0 ? 1 : hop % 3 == 1 ? -1 : 0
            if detector.process(bandMeanSquares: Self.level(-66 + flicker), periodic: false) { speech += 1 }
        }
        #expect(speech == 0)
    }

    @Test("over a learnt floor: a periodic hop is speech at once, an aperiodic one needs a second hop; 30 ms of hangover")
    func onsetsAndHangover() {
        let detector = VoiceActivityDetector(hopSeconds: 0.01)
        for _ in 0..<400 { _ = detector.process(bandMeanSquares: Self.level(-60), periodic: false) }
        #expect(abs(detector.noiseFloorDB - (-60 + 10 * log10f(4))) < 0.01, "four bands at -60 dB: -54 dB in all")

        // A click: one aperiodic hop 20 dB up is not speech, and leaves nothing behind.
        #expect(!detector.process(bandMeanSquares: Self.level(-40), periodic: false))
        #expect(!detector.process(bandMeanSquares: Self.level(-60), periodic: false))

        // A fricative: two aperiodic hops 20 dB up; speech from the second.
        #expect(!detector.process(bandMeanSquares: Self.level(-40), periodic: false))
        #expect(detector.process(bandMeanSquares: Self.level(-40), periodic: false))
        for _ in 0..<10 { _ = detector.process(bandMeanSquares: Self.level(-60), periodic: false) }

        // A vowel: periodic and 4 dB over the floor is enough, at once.
        #expect(detector.process(bandMeanSquares: Self.level(-56), periodic: true))
        // After it, three hops (30 ms) of hangover, then silence.
        let after = (0..<5).map { _ in detector.process(bandMeanSquares: Self.level(-60), periodic: false) }
        #expect(after == [true, true, true, false, false])
    }

    @Test("digital near-silence is never speech, periodic or not")
    func nearSilence() {
        let detector = VoiceActivityDetector(hopSeconds: 0.01)
        for _ in 0..<400 { _ = detector.process(bandMeanSquares: Self.level(-100), periodic: false) }
        // 20 dB over its floor, but the whole band is below -72 dBFS.
        #expect(!detector.process(bandMeanSquares: Self.level(-80), periodic: true))
        #expect(!detector.process(bandMeanSquares: Self.level(-80), periodic: true))
    }
}
