import Foundation

/// The server side of one AudioHook v2 session, as a state machine with no I/O: text messages
/// and the sizes of binary frames go in, ``AudioHookAction``s come out. The network layer
/// carries out the actions; this type decides them, so the protocol is testable without a socket.
///
/// Any protocol violation (bad JSON, a wrong sequence number, audio before `opened`, an
/// oversized frame …) is answered as the protocol says — a `disconnect` with reason `error` —
/// after which only the client's `close` is expected; the call's analysis ends cleanly.
public struct AudioHookSession: Sendable {
    public enum State: Sendable, Equatable {
        /// Waiting for `open`.
        case preparing
        /// Audio flows.
        case active
        /// The client paused the stream.
        case paused
        /// The server sent `disconnect`; waiting for the client's `close`.
        case disconnecting
        /// `closed` sent.
        case closed
    }

    /// The all-zero UUID Genesys uses for connection probes.
    public static let nullUUID = "00000000-0000-0000-0000-000000000000"
    /// The largest text message or binary frame accepted, in bytes.
    public static let maximumMessageBytes = 65536
    /// The longest gap one message may declare (audio the client paused or discarded): an
    /// hour. Silence stands in for a gap and is analysed, so a client declaring a year (or
    /// more than a number can hold) is refused rather than trusted.
    public static let longestGapSeconds = 3600.0
    /// The most that gaps may add up to in one session: four hours.
    public static let longestGapsPerCallSeconds = 4 * 3600.0

    public private(set) var state = State.preparing
    /// The call, once opened.
    public private(set) var call: AudioHookCall?
    /// Seconds of call time so far: audio received plus gaps.
    public private(set) var positionSeconds = 0.0
    /// Why the session was ended with an error, for the server's log (no audio, no secrets).
    public private(set) var problem: String?

    private let sessionId: String
    private let organizationId: String
    private var clientSeq = 0
    private var callEnded = false
    private var serverSeq = 0
    private var gapSeconds = 0.0
    /// The time as the server last told it (``advance(to:)``), in nanoseconds of a monotonic clock.
    private var now: UInt64
    /// Since when the session has made no progress: no `open` yet, or no audio while active.
    /// Time spent paused does not count.
    private var stalledSince: UInt64
    /// When the current pause began (nil while not paused), and the pauses before it, in ns.
    private var pausedSince: UInt64?
    private var earlierPauses: UInt64 = 0

    /// A session for the connection whose upgrade request carried these ids, opened at `now`
    /// (nanoseconds of the clock later given to ``advance(to:)``).
    public init(sessionId: String, organizationId: String, now: UInt64 = 0) {
        self.sessionId = sessionId.lowercased()
        self.organizationId = organizationId.lowercased()
        self.now = now
        stalledSince = now
    }

    /// The server's clock, given before each message and each ``stalled(limitSeconds:)`` check.
    public mutating func advance(to nanoseconds: UInt64) {
        now = max(now, nanoseconds)
    }

    // MARK: Messages in

    /// Handles one text message.
    public mutating func receive(text: String) -> [AudioHookAction] {
        if state == .closed { return [] }
        guard text.utf8.count <= Self.maximumMessageBytes else {
            return fail("a text message of \(text.utf8.count) bytes (the limit is \(Self.maximumMessageBytes))")
        }
        guard let data = text.data(using: .utf8),
            let received = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return fail("a message that is not a JSON object") }
        guard received["version"] as? String == "2" else { return fail("a message without version \"2\"") }
        guard let type = received["type"] as? String, let seq = Self.integer(received["seq"]),
            let serverseq = Self.integer(received["serverseq"]), let id = received["id"] as? String,
            let parameters = received["parameters"] as? [String: Any]
        else { return fail("a message without type, seq, serverseq, id or parameters") }
        // After a disconnect only close matters, whatever its sequence number (the client may
        // still count from the message that was refused).
        if state == .disconnecting {
            clientSeq = seq
            return type == "close" ? close() : []
        }
        guard seq == clientSeq + 1 else { return fail("seq \(seq) where \(clientSeq + 1) was due") }
        clientSeq = seq
        guard serverseq <= serverSeq, serverseq >= 0 else {
            return fail("serverseq \(serverseq), but the server has sent only \(serverSeq)")
        }
        guard id.lowercased() == sessionId else { return fail("a session id that is not this connection's") }

        switch (type, state) {
        case ("close", _):
            return close()
        case ("open", .preparing):
            return open(parameters)
        case ("open", _):
            return fail("a second open")
        case ("ping", _):
            return [.send(message(type: "pong", parameters: [:]))]
        case ("paused", .active):
            state = .paused
            pausedSince = now
            return []
        case ("resumed", .paused):
            state = .active
            // The pause does not count as a stall; silence before it still does.
            let paused = now - (pausedSince ?? now)
            earlierPauses += paused
            stalledSince += paused
            pausedSince = nil
            let discarded = (parameters["discarded"] as? String).flatMap(AudioHookDuration.parse) ?? 0
            return gap(discarded)
        case ("paused", _), ("resumed", _):
            return []  // idempotent: already in that state
        case ("discarded", .active), ("discarded", .paused):
            guard let discarded = (parameters["discarded"] as? String).flatMap(AudioHookDuration.parse) else {
                return fail("discarded without a duration")
            }
            return gap(discarded)
        case ("update", .active), ("update", .paused):
            return [.send(message(type: "updated", parameters: [:]))]
        case ("error", _):
            let code = parameters["code"] as? Int ?? 0
            problem = "the client reported error \(code)"
            return []
        case (_, .preparing):
            return fail("\(type) before open")
        default:
            return fail("an unexpected \(type) message")
        }
    }

    /// Checks a binary frame of `byteCount` bytes; returns the frames of audio it holds, or the
    /// actions that end the session.
    public mutating func receiveAudio(byteCount: Int) -> Result<Int, AudioHookRefusal> {
        if state == .disconnecting || state == .closed { return .failure(AudioHookRefusal(actions: [])) }
        guard byteCount <= Self.maximumMessageBytes else {
            return .failure(AudioHookRefusal(actions: fail("an audio frame of \(byteCount) bytes (the limit is 64 KiB)")))
        }
        guard state == .active, let media = call?.media else {
            return .failure(AudioHookRefusal(actions: fail("audio while the session is \(state)")))
        }
        guard byteCount % media.bytesPerFrame == 0 else {
            return .failure(AudioHookRefusal(actions: fail("an audio frame that splits a sample frame")))
        }
        let frames = byteCount / media.bytesPerFrame
        positionSeconds += Double(frames) / Double(media.rate)
        stalledSince = now
        return .success(frames)
    }

    /// The connection broke without `close`: end the call.
    public mutating func connectionLost() -> [AudioHookAction] {
        guard state != .closed else { return [] }
        state = .closed
        return endCall()
    }

    /// The server asks the client to end the session (shutting down).
    public mutating func disconnect(reason: String, info: String) -> [AudioHookAction] {
        guard state != .disconnecting && state != .closed else { return [] }
        state = .disconnecting
        return [.send(message(type: "disconnect", parameters: ["reason": reason, "info": info]))]
    }

    /// Whether the session has stalled, as of the last ``advance(to:)``: no `open` within
    /// `limitSeconds` of connecting, or no audio for `limitSeconds` of active time (time spent
    /// paused does not count, and pings are not progress), or one pause longer than
    /// ``longestGapSeconds`` or pauses adding up to more than ``longestGapsPerCallSeconds``
    /// (more than a `resumed` could declare). AudioHook clients stream audio in real time,
    /// silence included, and say `paused` when they stop, so a stalled session is broken or
    /// hostile and only holds a connection and a call slot. Returns the `disconnect` that ends
    /// it (once): the call itself ends, with its summaries, when the client answers with
    /// `close` or the connection is closed on.
    public mutating func stalled(limitSeconds: Double) -> [AudioHookAction] {
        let limit = Self.text(seconds: limitSeconds)
        switch state {
        case .preparing where Self.seconds(now - stalledSince) > limitSeconds:
            return fail("no open message within \(limit) s", endingCall: false)
        case .active where Self.seconds(now - stalledSince) > limitSeconds:
            return fail("no audio for \(limit) s while not paused", endingCall: false)
        case .paused:
            let pause = now - (pausedSince ?? now)
            if Self.seconds(pause) > Self.longestGapSeconds {
                return fail("paused for more than \(Int(Self.longestGapSeconds)) s", endingCall: false)
            }
            if Self.seconds(earlierPauses + pause) > Self.longestGapsPerCallSeconds {
                return fail("pauses adding up to more than \(Int(Self.longestGapsPerCallSeconds)) s", endingCall: false)
            }
            return []
        default:
            return []
        }
    }

    private static func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }

    /// Seconds as a person writes them: 30, 1.5.
    private static func text(seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%g", seconds)
    }

    /// Whether `text` is a UUID in its usual form (8-4-4-4-12 hexadecimal digits).
    public static func isUUID(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        return parts.map(\.count) == [8, 4, 4, 4, 12]
            && parts.allSatisfy { $0.allSatisfy { byte in (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 102) } }
    }

    /// An integer from JSON: a number with no fraction, never a boolean (which Foundation also
    /// bridges to a number).
    static func integer(_ value: Any?) -> Int? {
        // A boolean's NSNumber has the type encoding of a C char ("c"); JSON numbers never do.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return value as? Int
    }

    // MARK: Steps

    private mutating func open(_ parameters: [String: Any]) -> [AudioHookAction] {
        guard let organization = parameters["organizationId"] as? String, let conversation = parameters["conversationId"] as? String,
            let participant = (parameters["participant"] as? [String: Any])?["id"] as? String,
            let offers = parameters["media"] as? [[String: Any]]
        else { return fail("open without organizationId, conversationId, participant or media") }
        // Genesys ids are UUIDs; anything else (a newline, 60 kB of text) would go into the
        // server's log lines and the call's page address.
        guard Self.isUUID(conversation) else { return fail("a conversationId that is not a UUID") }
        guard organization.lowercased() == organizationId else {
            problem = "the open message names another organization than the connection's"
            state = .disconnecting
            return [.send(message(type: "disconnect", parameters: ["reason": "unauthorized"]))]
        }
        guard let media = offers.lazy.compactMap(AudioHookMedia.acceptable).first else {
            return fail("no offered media ToneCoach can analyse (PCMU or L16, 8000 Hz, external and/or internal)")
        }
        let call = AudioHookCall(
            organizationId: organization, conversationId: conversation.lowercased(), participantId: participant,
            media: media)
        self.call = call
        state = .active
        stalledSince = now
        let opened = message(type: "opened", parameters: ["media": [media.json], "startPaused": false])
        return call.isProbe ? [.send(opened)] : [.startCall(call), .send(opened)]
    }

    private mutating func gap(_ seconds: Double) -> [AudioHookAction] {
        guard seconds > 0, call != nil else { return [] }
        guard seconds <= Self.longestGapSeconds else {
            return fail("a gap of more than \(Int(Self.longestGapSeconds)) s declared in one message")
        }
        guard gapSeconds + seconds <= Self.longestGapsPerCallSeconds else {
            return fail("gaps adding up to more than \(Int(Self.longestGapsPerCallSeconds)) s in one call")
        }
        gapSeconds += seconds
        positionSeconds += seconds
        return call?.isProbe == true ? [] : [.gap(seconds: seconds)]
    }

    private mutating func close() -> [AudioHookAction] {
        state = .closed
        return endCall() + [.send(message(type: "closed", parameters: [:])), .closeConnection]
    }

    /// A protocol error: `disconnect` with reason `error`; the call (if any) ends with it, or
    /// (`endingCall` false) when the client's `close` or the connection's end comes.
    private mutating func fail(_ reason: String, endingCall: Bool = true) -> [AudioHookAction] {
        problem = reason
        guard state != .disconnecting && state != .closed else { return [] }
        state = .disconnecting
        let disconnect = message(type: "disconnect", parameters: ["reason": "error", "info": "Client Error: \(reason)"])
        return (endingCall ? endCall() : []) + [.send(disconnect)]
    }

    /// The call's end, once: only an opened call that is not a probe has an analysis to end.
    private mutating func endCall() -> [AudioHookAction] {
        guard let call, !call.isProbe, !callEnded else { return [] }
        callEnded = true
        return [.finishCall]
    }

    /// A server message with the next sequence number.
    private mutating func message(type: String, parameters: [String: Any]) -> String {
        serverSeq += 1
        let object: [String: Any] = [
            "version": "2", "id": sessionId, "type": type, "seq": serverSeq, "clientseq": clientSeq,
            "position": AudioHookDuration.format(positionSeconds), "parameters": parameters,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A binary frame the session will not take, and what to do about it.
public struct AudioHookRefusal: Error, Equatable {
    public var actions: [AudioHookAction]
}
