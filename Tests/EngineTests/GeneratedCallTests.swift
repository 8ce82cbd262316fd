import Core
import Engine
import Foundation
import TestSupport
import Testing

/// End to end: two-channel calls generated with espeak-ng (and one synthetic monotone voice),
/// each made to show one habit, analysed as a quality team would; the cue that should fire does,
/// and a calm call gets none.
@Suite("Coaching on generated calls", .enabled(if: CallBuilder.hasSpeechSynthesizer, "needs espeak-ng"))
struct GeneratedCallTests {
    static func cues(_ path: String) throws -> [CueKind] {
        let analysis = try OfflineAnalysis(path: path)
        var kinds: [CueKind] = []
        _ = try analysis.run(onFrame: { _, _ in }, onCue: { kinds.append($0.kind) })
        return kinds
    }

    static let agentLines = [
        "Thank you for calling, my name is Sam. How can I help you today?",
        "I understand. Let me look at your order right now, it will only take a moment.",
        "I can see the parcel left our warehouse yesterday, and it will reach you tomorrow before noon.",
        "I have also refunded the delivery charge, so you will see that on your statement this week.",
    ]
    static let customerLines = [
        "Hello, I am calling about my order, it has not arrived yet.",
        "Thank you, the order number is four five seven two.",
        "Oh, that is good news. Will I need to be at home?",
        "Perfect, thank you very much for your help.",
    ]

    /// Four exchanges at a calm pace, agent first.
    static func calmCall(_ call: CallBuilder, agentWPM: Int = 160) throws {
        for (agentLine, customerLine) in zip(agentLines, customerLines) {
            call.agentSays(try call.speak(agentLine, wpm: agentWPM))
            call.customerSays(try call.speak(customerLine, voice: "en-us+f3", pitch: 60))
        }
    }

    @Test("a calm, well-paced call gets no cue at all")
    func calm() throws {
        let call = try CallBuilder()
        try Self.calmCall(call)
        #expect(try Self.cues(call.write()) == [])
    }

    @Test("a fast agent gets 'slow down'")
    func fastAgent() throws {
        let call = try CallBuilder()
        try Self.calmCall(call, agentWPM: 300)
        #expect(try Self.cues(call.write()).contains(.slowDown))
    }

    @Test("a flat, monotone agent gets 'lift your tone'")
    func flatAgent() throws {
        let call = try CallBuilder()
        for customerLine in Self.customerLines {
            call.agentSays(call.monotone(seconds: 5))
            call.customerSays(try call.speak(customerLine, voice: "en-us+f3", pitch: 60))
        }
        #expect(try Self.cues(call.write()).contains(.liftTone))
    }

    @Test("an agent who cuts in and talks over the customer gets 'let them finish'")
    func interruption() throws {
        let call = try CallBuilder()
        call.agentSays(try call.speak(Self.agentLines[0]))
        let complaint = try call.speak(
            "I have been waiting for two weeks for this parcel and every time I call nobody tells me where it is.",
            voice: "en-us+f3", pitch: 60)
        call.customerSays(complaint)
        // The agent starts three seconds before the customer is done.
        call.agentSays(try call.speak(Self.agentLines[1]), after: -3)
        #expect(try Self.cues(call.write()).contains(.letThemFinish))
    }

    @Test("eight seconds of silence gets 'dead air'")
    func deadAir() throws {
        let call = try CallBuilder()
        call.agentSays(try call.speak(Self.agentLines[0]))
        call.customerSays(try call.speak(Self.customerLines[0], voice: "en-us+f3", pitch: 60))
        call.silence(9)
        call.agentSays(try call.speak(Self.agentLines[1]))
        #expect(try Self.cues(call.write()) == [.deadAir])
    }

    @Test("a customer who grows louder and higher gets 'acknowledge their feelings' first")
    func upsetCustomer() throws {
        let call = try CallBuilder()
        for (index, (agentLine, customerLine)) in zip(Self.agentLines, Self.customerLines).enumerated() {
            call.agentSays(try call.speak(agentLine))
            let upset = index >= 2
            call.customerSays(
                try call.speak(
                    customerLine + (upset ? " This is really not acceptable, I am very angry about it!" : ""),
                    voice: "en-us+f3", pitch: upset ? 95 : 45, amplitude: upset ? 190 : 60))
        }
        #expect(try Self.cues(call.write()).first == .acknowledgeFeelings)
    }
}
