import Coaching
import Core
import Testing

@Suite("The live page's status strip")
struct LiveStatusTrackerTests {
    static func frame(_ t: Double, speech: Bool, rate: Float? = nil, loudness: Float? = nil, movement: Float? = nil) -> ProsodyFrame {
        var frame = ProsodyFrame(timeSeconds: t)
        frame.isSpeech = speech
        frame.articulationRateSyllablesPerSecond = rate
        frame.loudnessShortTermLUFS = loudness
        frame.pitchVariabilitySemitones = movement
        return frame
    }

    @Test("talking, listening and silence follow who speaks; the agent's measures are judged by the profile's cue thresholds")
    func strip() {
        var settings = LiveCueSettings()  // fast above 6.5, slow below 2.5 syll/s; loud above -14, soft below -36 LUFS; flat below 1 st
        settings.paceMinimumSpeechSeconds = 0  // pace from the first frame here (its wait: the next test)
        var tracker = LiveStatusTracker(settings: settings, agentPosition: 0, customerPosition: 1)
        #expect(tracker.status == LiveStatus(timeSeconds: 0, activity: .silence))

        tracker.add(position: 0, frame: Self.frame(1.0, speech: true, rate: 7.0, loudness: -40, movement: 0.5))
        tracker.add(position: 1, frame: Self.frame(1.0, speech: false))
        #expect(tracker.status == LiveStatus(timeSeconds: 1.0, activity: .talking, pace: .fast, volume: .soft, voice: .flat))

        tracker.add(position: 0, frame: Self.frame(1.01, speech: true, rate: 4.0, loudness: -10, movement: 3))
        #expect(tracker.status.pace == .good)
        #expect(tracker.status.volume == .loud)
        #expect(tracker.status.voice == .lively)

        // The agent stops, the customer speaks: listening, and the agent's last measures stay.
        tracker.add(position: 0, frame: Self.frame(2.0, speech: false, rate: 1.0, loudness: -60))
        tracker.add(position: 1, frame: Self.frame(2.0, speech: true))
        #expect(tracker.status == LiveStatus(timeSeconds: 2.0, activity: .listening, pace: .good, volume: .loud, voice: .lively))

        tracker.add(position: 1, frame: Self.frame(3.0, speech: false))
        #expect(tracker.status.activity == .silence)
        tracker.add(position: 0, frame: Self.frame(3.01, speech: true, rate: 2.0))
        #expect(tracker.status.pace == .slow)
    }

    @Test("pace stays unknown until the agent has spoken as long as the pace cues wait for (6 s by default)")
    func paceWaitsForSpeech() {
        let settings = LiveCueSettings()
        var tracker = LiveStatusTracker(settings: settings, agentPosition: 0, customerPosition: nil)
        // 10 ms hops: 5.5 s of slow speech, a 3 s pause, then speech again.
        var t = 0.0
        func hops(_ seconds: Double, speech: Bool) {
            for _ in 0..<Int((seconds / 0.01).rounded()) {
                t += 0.01
                tracker.add(position: 0, frame: Self.frame(t, speech: speech, rate: 2.0))
            }
        }
        hops(1, speech: true)
        #expect(tracker.status.pace == nil, "after 1 s of speech")
        hops(4.5, speech: true)
        #expect(tracker.status.pace == nil, "after 5.5 s of speech")
        hops(3, speech: false)
        #expect(tracker.status.pace == nil, "a pause is not speech")
        hops(0.4, speech: true)
        #expect(tracker.status.pace == nil, "5.9 s of speech")
        hops(0.2, speech: true)
        #expect(tracker.status.pace == .slow, "6.1 s of speech")
    }
}
