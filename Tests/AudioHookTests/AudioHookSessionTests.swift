import AudioHook
import Foundation
import Testing

@Suite("AudioHook: the session state machine")
struct AudioHookSessionTests {
    static let organization = "d7934305-0972-4844-938e-9060eef73d05"
    static let sessionId = "30b0e395-84d3-4570-ac13-9a62d8f514c0"
    static let conversation = "8a7f1c38-7f6e-4f7e-9f8d-2b6a1c9e0d11"

    static func message(_ type: String, seq: Int, serverseq: Int = 0, parameters: String = "{}", id: String = sessionId) -> String {
        "{\"version\":\"2\",\"id\":\"\(id)\",\"type\":\"\(type)\",\"seq\":\(seq),\"serverseq\":\(serverseq),"
            + "\"position\":\"PT0S\",\"parameters\":\(parameters)}"
    }

    static func open(seq: Int = 1, organization: String = organization, conversation: String = conversation, format: String = "PCMU")
        -> String
    {
        message(
            "open", seq: seq,
            parameters: "{\"organizationId\":\"\(organization)\",\"conversationId\":\"\(conversation)\","
                + "\"participant\":{\"id\":\"5c1ba7a4-6f0e-4c43-8d0e-4a3e2b1c0f22\",\"ani\":\"\",\"aniName\":\"\",\"dnis\":\"\"},"
                + "\"media\":[{\"type\":\"audio\",\"format\":\"\(format)\",\"channels\":[\"external\",\"internal\"],\"rate\":8000}]}")
    }

    static func sent(_ actions: [AudioHookAction]) -> [[String: Any]] {
        actions.compactMap { action in
            guard case .send(let text) = action else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        }
    }

    @Test("open → opened with the chosen media, ping → pong, discarded → a gap, close → closed")
    func happyPath() throws {
        var session = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        let opened = session.receive(text: Self.open())
        guard case .startCall(let call) = try #require(opened.first) else {
            Issue.record("open did not start a call")
            return
        }
        #expect(call.media.channels == ["external", "internal"])
        #expect(call.media.roles == [.customer, .agent])
        let reply = try #require(Self.sent(opened).first)
        #expect(reply["type"] as? String == "opened")
        #expect(reply["seq"] as? Int == 1 && reply["clientseq"] as? Int == 1)
        let media = try #require((reply["parameters"] as? [String: Any])?["media"] as? [[String: Any]])
        #expect(media.first?["format"] as? String == "PCMU")

        #expect(session.receiveAudio(byteCount: 3200) == .success(1600), "200 ms of stereo PCMU")
        let pong = Self.sent(session.receive(text: Self.message("ping", seq: 2, serverseq: 1)))
        #expect(pong.first?["type"] as? String == "pong")
        #expect(pong.first?["clientseq"] as? Int == 2 && pong.first?["position"] as? String == "PT0.2S")
        let gap = session.receive(text: Self.message("discarded", seq: 3, serverseq: 2, parameters: "{\"start\":\"PT0.2S\",\"discarded\":\"PT1.5S\"}"))
        #expect(gap == [.gap(seconds: 1.5)])
        let close = session.receive(text: Self.message("close", seq: 4, serverseq: 2, parameters: "{\"reason\":\"end\"}"))
        #expect(close.first == .finishCall)
        #expect(Self.sent(close).first?["type"] as? String == "closed")
        #expect(close.last == .closeConnection)
        #expect(session.state == .closed)
    }

    @Test("protocol errors: each answered with disconnect (reason error), the call ended once")
    func violations() throws {
        func disconnectReason(_ actions: [AudioHookAction]) -> String? {
            (Self.sent(actions).first { $0["type"] as? String == "disconnect" }?["parameters"] as? [String: Any])?["reason"] as? String
        }
        var garbage = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        #expect(disconnectReason(garbage.receive(text: "{not json")) == "error")

        var early = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        guard case .failure(let refusal) = early.receiveAudio(byteCount: 160) else {
            Issue.record("audio before open was taken")
            return
        }
        #expect(disconnectReason(refusal.actions) == "error")

        var badSeq = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        _ = badSeq.receive(text: Self.open())
        let actions = badSeq.receive(text: Self.message("ping", seq: 5, serverseq: 1))
        #expect(actions.first == .finishCall, "the open call ends with the session")
        #expect(disconnectReason(actions) == "error")
        // After the disconnect only close is awaited; close does not end the call twice.
        let close = badSeq.receive(text: Self.message("close", seq: 6, serverseq: 2))
        #expect(!close.contains(.finishCall))
        #expect(Self.sent(close).first?["type"] as? String == "closed")

        var oversized = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        _ = oversized.receive(text: Self.open())
        guard case .failure(let big) = oversized.receiveAudio(byteCount: 65538) else {
            Issue.record("an oversized frame was taken")
            return
        }
        #expect(disconnectReason(big.actions) == "error")

        var split = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        _ = split.receive(text: Self.open())
        #expect(split.receiveAudio(byteCount: 161).isFailure, "stereo PCMU frames are 2 bytes")

        var otherSession = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        #expect(disconnectReason(otherSession.receive(text: Self.message("ping", seq: 1, id: Self.conversation))) == "error")
    }

    @Test("hostile values: a gap of over an hour or gaps of over four hours, a conversationId that is no UUID, a boolean seq: each a disconnect")
    func hostileValues() throws {
        func disconnected(_ actions: [AudioHookAction]) -> Bool {
            Self.sent(actions).contains { $0["type"] as? String == "disconnect" } && !actions.contains { if case .gap = $0 { true } else { false } }
        }
        func discarded(_ duration: String, seq: Int) -> String {
            Self.message("discarded", seq: seq, serverseq: 1, parameters: "{\"start\":\"PT0S\",\"discarded\":\"\(duration)\"}")
        }
        // More than an Int holds in milliseconds (it trapped the server), and a year.
        for duration in ["PT99999999999999999999S", "PT31536000S", "PT3600.001S"] {
            var session = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
            _ = session.receive(text: Self.open())
            #expect(disconnected(session.receive(text: discarded(duration, seq: 2))), "discarded \(duration)")
            #expect(session.problem?.contains("gap") == true)
        }
        var resumed = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        _ = resumed.receive(text: Self.open())
        _ = resumed.receive(text: Self.message("paused", seq: 2, serverseq: 1))
        let resume = Self.message("resumed", seq: 3, serverseq: 1, parameters: "{\"start\":\"PT0S\",\"discarded\":\"PT99999999999999999999S\"}")
        #expect(disconnected(resumed.receive(text: resume)))

        // An hour is taken, four times; the fifth hour is refused.
        var hours = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        _ = hours.receive(text: Self.open())
        for seq in 2...5 { #expect(hours.receive(text: discarded("PT1H", seq: seq)) == [.gap(seconds: 3600)]) }
        #expect(disconnected(hours.receive(text: discarded("PT1S", seq: 6))))
        #expect(hours.positionSeconds == 4 * 3600)

        var notUUID = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        let forged = notUUID.receive(text: Self.open(conversation: "x\\nlevel=critical forged line"))
        #expect(!forged.contains { if case .startCall = $0 { true } else { false } })
        #expect(disconnected(forged))

        var booleanSeq = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        let text = Self.open().replacingOccurrences(of: "\"seq\":1,", with: "\"seq\":true,")
        #expect(disconnected(booleanSeq.receive(text: text)))

        #expect(AudioHookDuration.format(1e300) == "PT1000000000000S")
        #expect(AudioHookDuration.format(.infinity) == "PT0S")
        #expect(AudioHookSession.isUUID(Self.conversation) && AudioHookSession.isUUID(Self.conversation.uppercased()))
        #expect(!AudioHookSession.isUUID("8a7f1c38-7f6e-4f7e-9f8d-2b6a1c9e0d1g") && !AudioHookSession.isUUID("8a7f1c387f6e4f7e9f8d2b6a1c9e0d11"))
    }

    @Test("a stalled session is asked to end: no open, or no audio while active, past the limit; pauses past an hour, or four in all")
    func stalled() throws {
        let second: UInt64 = 1_000_000_000
        func disconnected(_ actions: [AudioHookAction]) -> Bool {
            Self.sent(actions).contains { $0["type"] as? String == "disconnect" }
        }
        var preparing = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization, now: 100 * second)
        preparing.advance(to: 130 * second)
        #expect(preparing.stalled(limitSeconds: 30) == [], "at the limit, not past it")
        preparing.advance(to: 131 * second)
        #expect(disconnected(preparing.stalled(limitSeconds: 30)))
        #expect(preparing.problem == "no open message within 30 s")

        var active = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        active.advance(to: 20 * second)
        _ = active.receive(text: Self.open())
        active.advance(to: 45 * second)
        #expect(active.stalled(limitSeconds: 30) == [], "25 s since opened")
        #expect(active.receiveAudio(byteCount: 3200) == .success(1600))
        active.advance(to: 75 * second)
        #expect(active.stalled(limitSeconds: 30) == [], "30 s since audio")
        // Pings are no progress.
        _ = active.receive(text: Self.message("ping", seq: 2, serverseq: 1))
        active.advance(to: 76 * second)
        let ended = active.stalled(limitSeconds: 1.5)
        #expect(disconnected(ended))
        #expect(!ended.contains(.finishCall), "the call ends when the client closes, in the server's own loop")
        #expect(active.problem == "no audio for 1.5 s while not paused")
        #expect(active.state == .disconnecting)
        #expect(active.stalled(limitSeconds: 1) == [], "asked once")
        let close = active.receive(text: Self.message("close", seq: 3, serverseq: 2, parameters: "{\"reason\":\"disconnect\"}"))
        #expect(close.first == .finishCall)

        // Time paused does not count as silence; silence before the pause does.
        var paused = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        _ = paused.receive(text: Self.open())
        paused.advance(to: 20 * second)
        _ = paused.receive(text: Self.message("paused", seq: 2, serverseq: 1))
        paused.advance(to: 620 * second)
        #expect(paused.stalled(limitSeconds: 30) == [], "a pause (a hold) may be long")
        _ = paused.receive(text: Self.message("resumed", seq: 3, serverseq: 1, parameters: "{\"start\":\"PT20S\",\"discarded\":\"PT0S\"}"))
        paused.advance(to: 629 * second)
        #expect(paused.stalled(limitSeconds: 30) == [], "20 + 9 s of silence while active")
        paused.advance(to: 631 * second)
        #expect(disconnected(paused.stalled(limitSeconds: 30)), "20 + 11 s")

        var long = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        _ = long.receive(text: Self.open())
        _ = long.receive(text: Self.message("paused", seq: 2, serverseq: 1))
        long.advance(to: 3601 * second)
        #expect(disconnected(long.stalled(limitSeconds: 30)), "longer than a resumed could declare")

        // Pausing and resuming without audio does not hold the session open: pauses add up.
        var toggling = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        _ = toggling.receive(text: Self.open())
        var seq = 2
        var t: UInt64 = 0
        var end: [AudioHookAction] = []
        while end.isEmpty && seq < 100 {
            _ = toggling.receive(text: Self.message("paused", seq: seq, serverseq: 1))
            t += 3000 * second
            toggling.advance(to: t)
            end = toggling.stalled(limitSeconds: 30)
            guard end.isEmpty else { break }
            _ = toggling.receive(text: Self.message("resumed", seq: seq + 1, serverseq: 1, parameters: "{\"start\":\"PT0S\",\"discarded\":\"PT0S\"}"))
            t += second
            toggling.advance(to: t)
            end = toggling.stalled(limitSeconds: 30)
            seq += 2
        }
        #expect(disconnected(end))
        #expect(toggling.problem == "pauses adding up to more than 14400 s", "\(toggling.problem ?? "")")
    }

    @Test("an open naming another organization than the connection's is unauthorized")
    func organizationMismatch() {
        var session = AudioHookSession(sessionId: Self.sessionId, organizationId: Self.organization)
        let actions = session.receive(text: Self.open(organization: "11111111-2222-4333-8444-555555555555"))
        #expect(!actions.contains { if case .startCall = $0 { return true } else { return false } })
        let parameters = Self.sent(actions).first?["parameters"] as? [String: Any]
        #expect(parameters?["reason"] as? String == "unauthorized")
    }

    @Test("durations: PT…S both ways")
    func durations() {
        #expect(AudioHookDuration.format(0) == "PT0S")
        #expect(AudioHookDuration.format(1.5) == "PT1.5S")
        #expect(AudioHookDuration.format(12.345) == "PT12.345S")
        #expect(AudioHookDuration.parse("PT1.5S") == 1.5)
        #expect(AudioHookDuration.parse("PT.5S") == 0.5)
        #expect(AudioHookDuration.parse("PT1M2S") == 62)
        #expect(AudioHookDuration.parse("1.5") == nil)
        #expect(AudioHookDuration.parse("PT-1S") == nil)
    }

    @Test("µ-law decodes as G.711 says: 0xFF and 0x7F are silence, 0x00 and 0x80 the extremes")
    func muLaw() {
        #expect(G711.muLawTable[0xFF] == 0)
        #expect(G711.muLawTable[0x7F] == 0)
        #expect(G711.muLawTable[0x00] == -32124.0 / 32768)
        #expect(G711.muLawTable[0x80] == 32124.0 / 32768)
        // Monotonic within each sign: larger codes (below 0x80) are quieter.
        #expect((1..<0x80).allSatisfy { G711.muLawTable[$0] > G711.muLawTable[$0 - 1] })
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { return true } else { return false } }
}
