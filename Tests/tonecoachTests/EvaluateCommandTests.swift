import Foundation
import TestSupport
import Testing

@Suite("tonecoach evaluate on a generated, labelled call")
struct EvaluateGeneratedCallTests {
    @Test("the planted dead air and interruption are caught, the labelled but absent agitation is missed")
    func evaluate() throws {
        guard CallBuilder.hasSpeechSynthesizer else {
            Issue.record("espeak-ng is not installed (apt-get install espeak-ng)")
            return
        }
        let call = try CallBuilder()
        let (silenceStart, silenceEnd) = try call.greetingThenSilence(8)
        let complaint = try call.speak(
            "It was supposed to arrive last week and nobody has told me anything since then.",
            voice: "en-us+f3", pitch: 60)
        call.customerSays(complaint)
        let overlapStart = call.endSeconds - 3
        call.agentSays(try call.speak("Let me check that for you right away, one moment please."), after: -3)
        let overlapEnd = overlapStart + 3
        let path = call.write()
        let labels = """
            {"events": [
              {"kind": "dead_air", "start_s": \(silenceStart), "end_s": \(silenceEnd)},
              {"kind": "interruption", "start_s": \(overlapStart), "end_s": \(overlapEnd), "channel": "agent"},
              {"kind": "agitation", "start_s": 1.0, "end_s": 3.0, "channel": "customer"}
            ]}
            """
        try labels.write(toFile: (path as NSString).deletingPathExtension + ".json", atomically: true, encoding: .utf8)
        let result = try runTonecoach(["evaluate", "--format", "jsonl", path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.stdout.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let events = lines.filter { $0["type"] as? String == "event" }
        #expect(events.map { $0["kind"] as? String } == ["agitation", "dead_air", "interruption"])
        #expect(events.map { $0["caught"] as? Bool } == [false, true, true])
        let total = try #require(lines.first { $0["type"] as? String == "total" })
        #expect(total["events"] as? Int == 3 && total["caught"] as? Int == 2)
        // Dead air is cued 5 s into the silence (the profile's threshold).
        let deadAirDelay = try #require(events[1]["delay_s"] as? Double)
        #expect(abs(deadAirDelay - 5) < 0.3, "\(deadAirDelay)")
    }

    @Test("a label time beyond any call (1e19 s) is refused with the entry named; before, it crashed the wording")
    func labelTimeBeyondAnyCall() throws {
        let files = try TestFiles()
        let call = files.path("far.wav")
        try FileManager.default.copyItem(atPath: Fixtures.path("pace-120wpm.wav"), toPath: call)
        try #"{"events": [{"kind": "dead_air", "start_s": 1e19, "end_s": 1e19}]}"#
            .write(toFile: files.path("far.json"), atomically: true, encoding: .utf8)
        let result = try runTonecoach(["evaluate", call])
        #expect(result.status == 1)
        #expect(result.stderr.contains("events[0] needs start_s and end_s in seconds, 0 <= start_s <= end_s <= 10000000"), "\(result.stderr)")
    }
}
