import Foundation
import LivePage
import Testing

@Suite("Live page: the HTTP server")
struct LivePageServerTests {
    /// What curl receives from `url`: everything, once the response is complete, or what has
    /// arrived once it holds `marker` (an event stream never ends by itself); at most
    /// `seconds`. Polls without holding a thread, so the server's own tasks are never
    /// starved; the generous limit only matters when other tests keep the machine busy.
    static func fetch(_ url: String, until marker: String? = nil, seconds: Int = 20) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tonecoach-fetch-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-N", "--max-time", "\(seconds)", "-D", "-", url]
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        func received() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        while process.isRunning {
            if let marker, received().contains(marker) {
                // SIGKILL: SIGTERM (Process.terminate) leaves curl running, likely masked in the test runner.
                kill(process.processIdentifier, SIGKILL)
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        return received()
    }

    @Test("/, /events and /healthz on a free port of 127.0.0.1; the page needs nothing from the network")
    func serves() async throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/curl") else { return }
        let broadcast = LiveBroadcast()
        broadcast.status("{\"type\":\"status\",\"activity\":\"talking\"}", timeSeconds: 1)
        let server = try await LivePageServer.start(
            host: "127.0.0.1", port: 0, page: LivePageHTML.page(language: "pt", holdSeconds: 6), broadcast: broadcast)
        defer { server.stop() }
        #expect(server.port > 0)
        #expect(server.url == "http://127.0.0.1:\(server.port)/")

        let health = try await Self.fetch(server.url + "healthz")
        #expect(health.hasPrefix("HTTP/1.1 200"))
        #expect(health.contains("{\"status\":\"ok\""))

        let page = try await Self.fetch(server.url)
        #expect(page.contains("text/html"))
        #expect(page.contains("<html lang=\"pt\">"))
        #expect(page.contains("\"talking\":\"a falar\""), "the strip's words in --lang")
        #expect(!page.contains("http://") && !page.contains("https://"), "no network resources")

        let statusEvent = "event: status\ndata: {\"type\":\"status\",\"activity\":\"talking\"}"
        let events = try await Self.fetch(server.url + "events", until: statusEvent)
        #expect(events.contains("text/event-stream"))
        #expect(events.contains(statusEvent))
    }

    @Test("a port already in use is said plainly")
    func portInUse() async throws {
        let first = try await LivePageServer.start(host: "127.0.0.1", port: 0, page: "", broadcast: LiveBroadcast())
        defer { first.stop() }
        await #expect(throws: LivePageError.cannotListen(
            address: "127.0.0.1:\(first.port)", reason: "the port is already in use (another ToneCoach, or another program)"))
        {
            _ = try await LivePageServer.start(host: "127.0.0.1", port: first.port, page: "", broadcast: LiveBroadcast())
        }
    }
}
