import Foundation
import LivePage
import NIOCore
import Testing

@Suite("Live page: the broadcast of a session's events")
struct LiveBroadcastTests {
    /// Everything a stream has delivered within `seconds`, as text.
    static func collect(_ stream: AsyncStream<ByteBuffer>, count: Int) async -> String {
        var text = ""
        var seen = 0
        for await buffer in stream {
            text += String(buffer: buffer)
            seen += 1
            if seen == count { break }
        }
        return text
    }

    @Test("a page that connects late first gets the status and the cue still on screen, as Server-Sent Events")
    func lateJoiner() async {
        let broadcast = LiveBroadcast(cueHoldSeconds: 6)
        broadcast.status("{\"type\":\"status\",\"t\":9.5}", timeSeconds: 9.5)
        broadcast.cue("{\"type\":\"cue\",\"t\":10.0,\"message\":\"Slow down\"}", timeSeconds: 10)
        broadcast.status("{\"type\":\"status\",\"t\":15.5}", timeSeconds: 15.5)
        let text = await Self.collect(broadcast.subscribe(), count: 3)
        #expect(text.hasPrefix("retry: 1000\n\n"))
        #expect(text.contains("event: status\ndata: {\"type\":\"status\",\"t\":15.5}\n\n"), "the newest status only")
        #expect(!text.contains("\"t\":9.5"))
        #expect(text.contains("event: cue\ndata: {\"type\":\"cue\",\"t\":10.0,\"message\":\"Slow down\"}\n\n"), "5.5 s old: still held")
    }

    @Test("a cue older than the hold is not replayed; events after connecting arrive as they happen")
    func expiredCue() async {
        let broadcast = LiveBroadcast(cueHoldSeconds: 6)
        broadcast.cue("{\"type\":\"cue\",\"t\":1.0}", timeSeconds: 1)
        broadcast.status("{\"type\":\"status\",\"t\":7.5}", timeSeconds: 7.5)
        let stream = broadcast.subscribe()
        #expect(broadcast.clientCount == 1)
        broadcast.cue("{\"type\":\"cue\",\"t\":8.0}", timeSeconds: 8)
        broadcast.summary("{\"type\":\"summary\"}")
        broadcast.finish()
        let text = await Self.collect(stream, count: 10)
        #expect(!text.contains("\"t\":1.0"), "6.5 s old: gone from the screen")
        #expect(text.contains("event: cue\ndata: {\"type\":\"cue\",\"t\":8.0}"))
        #expect(text.hasSuffix("event: summary\ndata: {\"type\":\"summary\"}\n\n"), "the stream ends after the summary")
    }

    @Test("a client that never reads costs a bounded queue, and publishing never waits for it")
    func stalledClient() {
        let broadcast = LiveBroadcast()
        let stream = broadcast.subscribe()
        let start = Date()
        for i in 0..<100_000 { broadcast.frame("{\"i\":\(i)}", timeSeconds: Double(i) / 100) }
        #expect(Date().timeIntervalSince(start) < 5)
        _ = stream
    }
}
