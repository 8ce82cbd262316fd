import Prosody
import Testing

@Suite("Syllable nuclei and articulation rate")
struct PaceTrackerTests {
    /// An intensity contour of `count` syllables, each `hops` long: a triangle from `valley`
    /// up to `peak` and back, as a vowel's energy rises and falls.
    static func syllables(_ count: Int, hops: Int, valley: Float, peak: Float) -> [Float] {
        let half = hops / 2
        var contour: [Float] = []
        for _ in 0..<count {
            for i in 0..<half { contour.append(valley + (peak - valley) * Float(i) / Float(half)) }
            for i in 0..<(hops - half) { contour.append(peak - (peak - valley) * Float(i) / Float(hops - half)) }
        }
        return contour
    }

    @Test("twenty voiced syllables, one every 0.2 s: 20 nuclei and 5.0 syllables per second of speech")
    func knownRate() {
        let tracker = PaceTracker(hopSeconds: 0.01, windowSeconds: 4)
        var rate: Float?
        var nuclei = 0
        // 20 dB of rise and fall, 40 dB over a -60 dB floor: every peak qualifies.
        for intensity in Self.syllables(20, hops: 20, valley: -40, peak: -20) {
            let result = tracker.process(intensityDB: intensity, floorDB: -60, voiced: true, speech: true)
            if result.nucleus { nuclei += 1 }
            rate = result.articulationRate
        }
        #expect(nuclei == 20)
        #expect(tracker.syllables == 20)
        // 4 s of speech in the window, 20 nuclei.
        #expect(rate == 5.0)
    }

    @Test("peaks that are unvoiced, not speech, or within 8 dB of the floor are no syllables")
    func rejected() {
        let contour = Self.syllables(10, hops: 20, valley: -40, peak: -20)
        for (voiced, speech, floor) in [(false, true, Float(-60)), (true, false, -60), (true, true, -27)] {
            let tracker = PaceTracker(hopSeconds: 0.01, windowSeconds: 4)
            for intensity in contour {
                _ = tracker.process(intensityDB: intensity, floorDB: floor, voiced: voiced, speech: speech)
            }
            #expect(tracker.syllables == 0, "voiced \(voiced), speech \(speech), floor \(floor)")
        }
    }

    @Test("no rate before a second of speech in the window")
    func noEarlyRate() {
        let tracker = PaceTracker(hopSeconds: 0.01, windowSeconds: 4)
        let contour = Self.syllables(5, hops: 20, valley: -40, peak: -20)
        for (index, intensity) in contour.enumerated() {
            let result = tracker.process(intensityDB: intensity, floorDB: -60, voiced: true, speech: true)
            #expect((result.articulationRate != nil) == (index + 1 >= 100), "hop \(index)")
        }
    }
}
