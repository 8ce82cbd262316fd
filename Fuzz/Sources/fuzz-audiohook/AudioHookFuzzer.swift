import AudioHook
import Foundation
import FuzzDriver

/// libFuzzer for what an AudioHook client controls: the connection request's signature
/// headers and the session's messages.
///
/// The input is text. Lines before the first empty line are request headers (`Name: value`),
/// checked by ``SignatureVerifier``. After it, each line is one WebSocket text message, except
/// that a line `audio N` is a binary message of N bytes and `tick N` moves the session's clock
/// N ms and runs the stall check. The session must answer everything with actions, start at
/// most one call, and end it at most once.
@main
enum AudioHookFuzzer {
    static func main() {
        FuzzDriver.run { data, size in audioHookFuzzer(data, size) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func audioHookFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let blank = lines.firstIndex(of: "") ?? lines.endIndex

    var headers: [(name: String, value: String)] = []
    for line in lines[..<blank] {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
    }
    let request = SignedRequest(target: "/audiohook", authority: "localhost:8080", headers: headers)
    let verifier = SignatureVerifier(keys: APIKeyStore(secrets: ["fuzzkey": Array("fuzzsecret".utf8), "open": []]))
    _ = verifier.verify(request, now: 1_700_000_000)

    var session = AudioHookSession(sessionId: "30b0e395-84d3-4570-ac13-9a62d8f514c0",
                                   organizationId: "d7934305-0972-4844-938e-9060eef73d05")
    var clock: UInt64 = 0
    var started = 0
    var finished = 0
    func take(_ actions: [AudioHookAction]) {
        for action in actions {
            switch action {
            case .startCall: started += 1
            case .finishCall: finished += 1
            case .gap(let seconds): precondition(seconds.isFinite && seconds >= 0, "gap \(seconds)")
            case .send(let message):
                precondition((try? JSONSerialization.jsonObject(with: Data(message.utf8))) != nil, "sent non-JSON")
            case .closeConnection: break
            }
        }
        precondition(started <= 1 && finished <= started, "calls started \(started), finished \(finished)")
    }
    for line in lines[min(blank + 1, lines.endIndex)...] {
        if line.hasPrefix("audio "), let count = Int(line.dropFirst(6)), count >= 0, count < 1 << 20 {
            switch session.receiveAudio(byteCount: count) {
            case .success(let frames): precondition(frames >= 0 && frames <= count, "frames \(frames)")
            case .failure(let refusal): take(refusal.actions)
            }
        } else if line.hasPrefix("tick "), let milliseconds = UInt64(line.dropFirst(5)), milliseconds < 1 << 40 {
            let (later, overflow) = clock.addingReportingOverflow(milliseconds * 1_000_000)
            clock = overflow ? .max : later  // a clock that ran out stays at its end
            session.advance(to: clock)
            take(session.stalled(limitSeconds: 30))
        } else {
            take(session.receive(text: String(line)))
        }
    }
    take(session.connectionLost())
    return 0
}
