import Prosody
import Testing

@Suite("Speech time and pauses from the per-hop decisions")
struct SpeechTimingTests {
    @Test("pauses are silences of at least the minimum between the speaker's own speech; turns, short gaps and the edges are not")
    func knownSequence() {
        // 10 ms hops, pauses from 0.25 s, decisions that end 50 ms after the speech does: a
        // silence in the decisions is 50 ms shorter than in the audio, so 20 hops (0.20 s) is
        // the shortest pause.
        var timing = SpeechTiming(hopSeconds: 0.01, minimumPauseSeconds: 0.25, offsetLagSeconds: 0.05)
        func add(_ hops: Int, speech: Bool, other: Bool = false) {
            for _ in 0..<hops { timing.add(speech: speech, otherSpeaking: other) }
        }
        add(30, speech: false)  // before the first word: no pause
        add(100, speech: true)  // 1.00 s of decisions: 0.95 s of audio
        add(30, speech: false)  // a pause: 0.30 s + the 0.05 s lag = 0.35 s of audio
        add(50, speech: true)
        add(10, speech: false)  // 0.10 s: a gap inside the speech, counted as speech
        add(40, speech: true)  // the stretch: 100 hops, 0.95 s
        add(40, speech: false, other: true)  // the customer's turn: listening, not a pause
        add(20, speech: true)  // 0.20 s less the lag: 0.15 s
        add(50, speech: false)  // after the last word: no pause
        #expect(timing.pauses == 1)
        #expect(abs(timing.pauseSeconds - 0.35) < 1e-9)
        #expect(abs(timing.speechSeconds - (0.95 + 0.95 + 0.15)) < 1e-9)
    }

    @Test("a pause one hop short of the minimum is speech; at the minimum it is a pause")
    func threshold() {
        for (silenceHops, expected) in [(19, 0), (20, 1)] {
            var timing = SpeechTiming(hopSeconds: 0.01, minimumPauseSeconds: 0.25, offsetLagSeconds: 0.05)
            for _ in 0..<50 { timing.add(speech: true, otherSpeaking: false) }
            for _ in 0..<silenceHops { timing.add(speech: false, otherSpeaking: false) }
            for _ in 0..<50 { timing.add(speech: true, otherSpeaking: false) }
            #expect(timing.pauses == expected, "\(silenceHops) hops")
        }
    }
}
