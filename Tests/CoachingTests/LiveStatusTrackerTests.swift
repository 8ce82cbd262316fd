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
        let settings = LiveCueSettings()  // fast above 6.5, slow below 2.5 syll/s; loud above -14, soft below -36 LUFS; flat below 1 st
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
}
