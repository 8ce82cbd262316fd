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

    @Test("no rate while under 40 % of the window's speech is voiced: the count would measure the voicing, not the pace")
    func rateNeedsVoicing() {
        let contour = Self.syllables(20, hops: 20, valley: -40, peak: -20)
        // Each 20-hop syllable voiced over its middle `voicedHops` hops (the peak among them).
        for (voicedHops, expectRate) in [(6, false), (7, false), (8, true), (12, true)] {
            let tracker = PaceTracker(hopSeconds: 0.01, windowSeconds: 4)
            var rate: Float?
            for (index, intensity) in contour.enumerated() {
                let inSyllable = index % 20
                let voiced = inSyllable >= 10 - voicedHops / 2 && inSyllable < 10 - voicedHops / 2 + voicedHops
                rate = tracker.process(intensityDB: intensity, floorDB: -60, voiced: voiced, speech: true).articulationRate
            }
            // 30 % and 35 % voiced: nil; 40 % and 60 %: every syllable counted, 5.0 per second.
            #expect((rate != nil) == expectRate, "\(voicedHops) of 20 hops voiced: \(String(describing: rate))")
            if expectRate { #expect(rate == 5.0, "\(voicedHops) of 20 hops voiced") }
        }
    }
}
