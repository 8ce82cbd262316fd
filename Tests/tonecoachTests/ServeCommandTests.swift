import Foundation
import TestSupport
import Testing

/// `tonecoach serve` driven as a contact-centre platform drives it: AudioHook calls from
/// Benchmarks/Load/audiohook_client.py, the summaries file, /calls, /metrics, SIGTERM.
@Suite("tonecoach serve: the AudioHook server", .serialized)
struct ServeCommandTests {
    static let repository = LivePageCommandTests.repository
    static let client = repository.appendingPathComponent("Benchmarks/Load/audiohook_client.py").path
    static let key = "test-key-1"
    static let secret = Data("a client secret of thirty-two by".utf8).base64EncodedString()

    /// A running server and its files.
    final class Server {
        let files: TestFiles
        let process = Process()
        let summaries: String
        let stderr: String
        private(set) var port = 0

        init(arguments: [String] = []) throws {
            files = try TestFiles()
            summaries = files.path("summaries.jsonl")
            stderr = files.path("stderr")
            let keys = files.path("keys.txt")
            try "# test clients\n\(ServeCommandTests.key) \(ServeCommandTests.secret)\nopen-key\n".write(
                toFile: keys, atomically: true, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: stderr, contents: nil)
            process.executableURL = Tonecoach.executable
            process.arguments = [
                "serve", "--listen", "127.0.0.1:0", "--api-keys", keys, "--summaries", summaries, "--analysis-threads", "2",
            ] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
            try process.run()
            let started = LivePageCommandTests.waitFor(15) { self.log.contains("serving AudioHook at ws://127.0.0.1:") }
            guard started, let range = log.range(of: "ws://127.0.0.1:") else { throw ServeTestError.didNotStart(log) }
            port = Int(log[range.upperBound...].prefix { $0.isNumber }) ?? 0
        }

        deinit { if process.isRunning { process.terminate() } }

        var log: String { String(decoding: files.bytes(stderr), as: UTF8.self) }
        var url: String { "ws://127.0.0.1:\(port)/api/v1/audiohook/ws" }

        /// Summary-file lines, parsed.
        func lines() -> [[String: Any]] {
            String(decoding: files.bytes(summaries), as: UTF8.self).split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        /// GET path with optional headers: (status, body).
        func get(_ path: String, headers: [String] = [], head: Bool = false) throws -> (Int, String) {
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            curl.arguments = ["-s", "-m", "5", "-w", "\n%{http_code}"] + (head ? ["-I"] : []) + headers.flatMap { ["-H", $0] }
                + ["http://127.0.0.1:\(port)\(path)"]
            let pipe = Pipe()
            curl.standardOutput = pipe
            try curl.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            curl.waitUntilExit()
            let status = Int(text.split(separator: "\n").last ?? "") ?? 0
            return (status, String(text.dropLast(String(status).count + 1)))
        }
    }

    enum ServeTestError: Error { case didNotStart(String) }

    /// Starts the test client; `wait()` gives its JSON result.
    final class Client {
        let process = Process()
        let pipe = Pipe()
        init(
            _ server: Server, wav: String, speed: Double = 10, fault: String? = nil, key: String = ServeCommandTests.key,
            conversation: String? = nil
        ) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", ServeCommandTests.client, "call", server.url, "--key", key, "--secret",
                key == ServeCommandTests.key ? ServeCommandTests.secret : "", "--wav", wav, "--speed", String(speed)]
                + (fault.map { ["--fault", $0] } ?? []) + (conversation.map { ["--conversation", $0] } ?? [])
            process.standardOutput = pipe
            try process.run()
        }

        func wait() throws -> [String: Any] {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    /// A dev-corpus call, 8 kHz stereo (agent left, customer right): µ-law and calm by default.
    static func devCorpusCall(_ name: String = "dcall4_8k_ulaw_calm.wav") -> String? {
        let path = repository.deletingLastPathComponent().appendingPathComponent("shared/devcorpus/corpus/calls/\(name)").path
        if FileManager.default.fileExists(atPath: path) { return path }
        if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("the dev corpus is not at \(path)") }
        return nil
    }

    @Test("a dev-corpus call streamed as PCMU: opened … closed; its summaries and cues equal analyze on the same µ-law samples")
    func callEqualsAnalyze() throws {
        guard let wav = Self.devCorpusCall() else { return }
        let server = try Server()
        let result = try Client(server, wav: wav, speed: 8).wait()
        #expect(result["status"] as? Int == 101)
        #expect(result["ended"] as? String == "closed", "\(result) \(server.log)")
        let received = result["received"] as? [String] ?? []
        #expect(received.first == "opened" && received.last == "closed")
        let conversation = try #require(result["conversation"] as? String)

        let analyze = try runTonecoach(["analyze", "--format", "jsonl", "--no-frames", wav])
        let offline = analyze.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let served = server.lines().filter { $0["conversation_id"] as? String == conversation }
        func summaries(_ lines: [[String: Any]]) -> [String: [String: Any]] {
            Dictionary(uniqueKeysWithValues: lines.filter { $0["type"] as? String == "summary" }.map { ($0["channel"] as! String, $0) })
        }
        let servedSummaries = summaries(served)
        let offlineSummaries = summaries(offline)
        #expect(Set(servedSummaries.keys) == ["agent", "customer"])
        for (channel, expected) in offlineSummaries {
            let got = try #require(servedSummaries[channel])
            func number(_ line: [String: Any], _ key: String) -> Double { (line[key] as? Double) ?? .nan }
            #expect(abs(number(got, "speech_s") - number(expected, "speech_s")) <= 0.2, "\(channel) speech")
            #expect(abs(number(got, "loudness_integrated_lufs") - number(expected, "loudness_integrated_lufs")) <= 0.2, "\(channel) loudness")
            let pitch = number(expected, "pitch_median_hz")
            #expect(abs(number(got, "pitch_median_hz") - pitch) <= 0.02 * pitch, "\(channel) pitch")
            #expect(got["participant_id"] is String)
        }
        func cues(_ lines: [[String: Any]]) -> [String] {
            lines.filter { $0["type"] as? String == "cue" }.map { "\($0["cue"] ?? "") \($0["t"] ?? "")" }
        }
        #expect(cues(served) == cues(offline))
        #expect(!server.log.contains(Self.secret) && !server.log.contains(Self.key), "keys never logged")
    }

    @Test("bad clients get the protocol's answer; a good call beside them is unaffected; /metrics and /calls")
    func hostileClients() throws {
        let wav = Self.devCorpusCall() ?? Fixtures.path("example-call.wav")
        let server = try Server()
        // Two connections that never finish a request head (one silent, one sending a byte a
        // second): each is closed about 10 s after it opened, before it has shown any key.
        let lingering = ["silent", "slow"].map { mode in
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            probe.arguments = ["python3", "-c", Self.lingeringClient, "\(server.port)", mode]
            probe.standardOutput = Pipe()
            try? probe.run()
            return probe
        }
        let conversation = "33333333-2222-4333-8444-555555555555"
        let good = try Client(server, wav: wav, speed: 4, conversation: conversation)
        #expect(LivePageCommandTests.waitFor(10) { (try? server.get("/healthz").1.contains("\"calls\":1")) == true })
        // A second session for a conversation already streaming is refused; the first goes on.
        let duplicate = try Client(server, wav: wav, speed: 4, conversation: conversation).wait()
        #expect((duplicate["received"] as? [String]) == ["disconnect"], "refused before opened: \(duplicate)")
        var outcomes: [String: [String: Any]] = [:]
        for fault in ["wrong-key", "bad-signature", "stale", "org-mismatch", "garbage", "audio-before-open", "oversized", "bad-seq", "abrupt"] {
            outcomes[fault] = try Client(server, wav: wav, speed: 4, fault: fault).wait()
        }
        for fault in ["wrong-key", "bad-signature", "stale"] {
            let outcome = try #require(outcomes[fault])
            #expect(outcome["status"] as? Int == 400, "\(fault): refused at the upgrade")
            #expect((outcome["refused_after_s"] as? Double ?? 0) >= 0.45, "\(fault): after the fixed delay")
        }
        for fault in ["org-mismatch", "garbage", "audio-before-open", "oversized", "bad-seq"] {
            let outcome = try #require(outcomes[fault])
            #expect((outcome["received"] as? [String])?.contains("disconnect") == true, "\(fault): \(outcome)")
        }
        let (unauthorized, _) = try server.get("/calls")
        #expect(unauthorized == 401)
        #expect(try server.get("/healthz", head: true).0 == 200, "load balancers check with HEAD")
        let (listed, body) = try server.get("/calls", headers: ["X-API-KEY: \(Self.key)"])
        #expect(listed == 200 && body.contains("\"calls\""))

        let result = try good.wait()
        #expect(result["ended"] as? String == "closed", "\(result)")
        #expect(server.lines().filter { $0["conversation_id"] as? String == conversation && $0["type"] as? String == "summary" }.count == 2)

        let (status, metrics) = try server.get("/metrics")
        #expect(status == 200)
        #expect(metrics.contains("tonecoach_authentication_failures_total 3"))
        #expect(metrics.contains("tonecoach_protocol_errors_total 5"), "\(metrics)")
        #expect(metrics.contains("tonecoach_calls_opened_total"))
        #expect(metrics.contains("tonecoach_analysis_lag_seconds_bucket"))
        #expect(!metrics.contains(Self.key))

        for probe in lingering {
            let output = (probe.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
            probe.waitUntilExit()
            let seconds = Double(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            #expect(seconds >= 9.5 && seconds < 25, "a connection without a request head closed after \(seconds) s")
        }
    }

    @Test("a session that opens and then sends only pings is ended after --stall-timeout, its call closed with summaries")
    func stalledSession() throws {
        let wav = Self.devCorpusCall() ?? Fixtures.path("example-call.wav")
        let server = try Server(arguments: ["--stall-timeout", "2"])
        let conversation = "44444444-2222-4333-8444-555555555555"
        let stalled = try Client(server, wav: wav, fault: "stall", conversation: conversation).wait()
        let after = stalled["disconnected_after_s"] as? Double ?? -1
        #expect(after >= 2 && after < 12, "disconnected \(after) s after opened: \(stalled)")
        #expect((stalled["received"] as? [String])?.contains("disconnect") == true, "\(stalled)")
        #expect(stalled["ended"] as? String == "closed after disconnect", "\(stalled)")
        #expect(LivePageCommandTests.waitFor(10) {
            server.lines().contains { $0["conversation_id"] as? String == conversation && $0["type"] as? String == "summary" }
        }, "the call's summaries are written")
        #expect(server.log.contains("no audio for 2 s while not paused"), "\(server.log)")
        #expect(try server.get("/metrics").1.contains("tonecoach_protocol_errors_total 1\n"))
        let bad = try runTonecoach(["serve", "--api-keys", "/dev/null", "--stall-timeout", "0"])
        #expect(bad.status == 64 && bad.stderr.contains("--stall-timeout"), "\(bad.stderr)")
    }

    @Test("request heads that do not parse (HTTP/9.9, garbage, a header with no colon): 400 and closed at once")
    func malformedRequestHeads() throws {
        let server = try Server()
        // Before, each got no reply and its connection stayed open until the client left
        // (holding the server's SIGTERM shutdown as long).
        let script = """
            import socket, sys, time
            for head in [b"GET / HTTP/9.9", b"garbage garbage", b"GET / HTTP/1.1\\r\\nHost: x\\r\\nNoColonHere"]:
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                s.sendall(head + b"\\r\\n\\r\\n")
                s.settimeout(8)
                start, reply = time.time(), b""
                try:
                    while True:
                        data = s.recv(1000)
                        if not data:
                            break
                        reply += data
                except OSError:
                    pass
                print(reply.split(b"\\r\\n")[0].decode(), "closed after", round(time.time() - start, 1))
            """
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", script, "\(server.port)"]
        let pipe = Pipe()
        probe.standardOutput = pipe
        try probe.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        probe.waitUntilExit()
        let lines = output.split(separator: "\n")
        #expect(lines.count == 3, "\(output)")
        for line in lines {
            #expect(line.hasPrefix("HTTP/1.1 400 Bad Request closed after "), "\(line)")
            let seconds = Double(line.split(separator: " ").last ?? "") ?? 99
            #expect(seconds < 5, "closed by the server, not by the client's 8 s timeout: \(line)")
        }
        // The server is still serving.
        #expect(try server.get("/healthz").0 == 200)
    }

    /// Connects and never completes a request head: "silent" sends nothing, "slow" one byte a
    /// second. Prints the seconds until the server closed the connection (at most 60).
    static let lingeringClient = """
        import socket, sys, time
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
        start, sent = time.time(), 0
        head = b"GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nX-Pad: " + b"a" * 1000
        while time.time() - start < 60:
            if sys.argv[2] == "slow" and sent < len(head):
                s.send(head[sent:sent + 1])
                sent += 1
            s.settimeout(1.0)
            try:
                if not s.recv(100):
                    break
            except socket.timeout:
                continue
            except OSError:
                break
        print(round(time.time() - start, 1))
        """

    @Test("the agent's page for a call: a cue the call earns appears in its DOM (headless Chromium)")
    func agentPage() throws {
        guard let wav = Self.devCorpusCall("dcall1_8k.wav"),
            FileManager.default.fileExists(atPath: "/usr/bin/chromium")
        else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("chromium or the dev corpus is missing") }
            return
        }
        let server = try Server()
        let conversation = "11111111-2222-4333-8444-555555555555"
        // The customer is cut in on at 13.2 s of this call: "let them finish".
        let client = try Client(server, wav: wav, speed: 2, conversation: conversation)
        let (missing, _) = try server.get("/calls/22222222-2222-4333-8444-555555555555")
        #expect(missing == 404)
        func callTime() -> Double {
            guard let (_, body) = try? server.get("/calls", headers: ["X-API-KEY: \(Self.key)"]),
                let list = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                let calls = list["calls"] as? [[String: Any]], let first = calls.first
            else { return 0 }
            return first["t"] as? Double ?? 0
        }
        // The page opens shortly before the cue (14.4 s) and is read as soon as the cue shows
        // (at most 10 s later): it arrives live or, on a slow browser start, is replayed (the
        // server replays a cue for 6 s of call time). Opened after the cue and read 1.5 s
        // later, a busy machine's slow Chromium start missed it.
        #expect(LivePageCommandTests.waitFor(20) { callTime() >= 11 }, "the call reached 11 s")
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = [
            "python3", Self.repository.appendingPathComponent("Tests/Tools/page-dom.py").path,
            "http://127.0.0.1:\(server.port)/calls/\(conversation)", "10",
        ]
        let expected = "<div id=\"cue\" class=\"talk\">Let them finish</div>"
        browser.environment = ProcessInfo.processInfo.environment.merging(["PAGE_UNTIL": expected]) { $1 }
        let pipe = Pipe()
        browser.standardOutput = pipe
        try browser.run()
        let dom = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        #expect(dom.contains(expected), "\(dom.suffix(600))")
        client.process.terminate()  // the rest of the call is not needed
        client.process.waitUntilExit()
    }

    @Test("SIGTERM with calls open: each session is asked to end, the server ends within 10 s, every call's summaries written")
    func sigterm() throws {
        let wav = Self.devCorpusCall() ?? Fixtures.path("example-call.wav")
        let server = try Server()
        let clients = try (0..<3).map { _ in try Client(server, wav: wav, speed: 1) }
        #expect(LivePageCommandTests.waitFor(10) { (try? server.get("/healthz").1.contains("\"calls\":3")) == true })
        usleep(1_500_000)
        let stopped = Date()
        server.process.terminate()  // SIGTERM
        server.process.waitUntilExit()
        #expect(Date().timeIntervalSince(stopped) < 10)
        #expect(server.process.terminationStatus == 0, "\(server.log)")
        let results = try clients.map { try $0.wait() }
        let conversations = Set(results.compactMap { $0["conversation"] as? String })
        #expect(conversations.count == 3)
        // Each open session is asked to end (a disconnect), answers with close and gets closed,
        // as the protocol has a server do before it goes.
        for result in results {
            #expect((result["received"] as? [String])?.contains("disconnect") == true, "\(result)")
            #expect(result["ended"] as? String == "closed after disconnect", "\(result)")
        }
        let summarised = Set(server.lines().filter { $0["type"] as? String == "summary" }.compactMap { $0["conversation_id"] as? String })
        #expect(summarised == conversations)
    }

    @Test("summaries that cannot be written (--summaries /dev/full): logged, counted, and the exit status is 1")
    func summariesLost() throws {
        let wav = Self.devCorpusCall() ?? Fixtures.path("example-call.wav")
        let server = try Server(arguments: ["--summaries", "/dev/full"])
        let conversation = "55555555-2222-4333-8444-555555555555"
        let client = try Client(server, wav: wav, speed: 1, conversation: conversation)
        #expect(LivePageCommandTests.waitFor(10) { (try? server.get("/healthz").1.contains("\"calls\":1")) == true })
        server.process.terminate()  // SIGTERM: the call ends, its summaries go to the full disk
        server.process.waitUntilExit()
        _ = try client.wait()
        #expect(server.log.contains("could not write a call's summaries"), "\(server.log)")
        #expect(server.log.contains("tonecoach: error: the summaries of 1 call could not be written to /dev/full"), "\(server.log)")
        // Before, the status was 0 and nothing but the log said the summaries were gone.
        #expect(server.process.terminationStatus == 1)
    }

    @Test("a key file other users can read is warned about at start; an owner-only one is not")
    func keyFileMode() throws {
        let files = try TestFiles()
        let keys = files.path("keys.txt")
        try "\(Self.key) \(Self.secret)\n".write(toFile: keys, atomically: true, encoding: .utf8)
        chmod(keys, 0o644)
        let readable = try Server(arguments: ["--api-keys", keys])  // the last --api-keys counts
        #expect(readable.log.contains("the API key file \(keys) can be read by other users (mode 644); chmod 600 it"), "\(readable.log)")
        chmod(keys, 0o600)
        let ownerOnly = try Server(arguments: ["--api-keys", keys])
        #expect(!ownerOnly.log.contains("can be read by other users"), "\(ownerOnly.log)")
    }

    @Test("serve with standard error closed: its log never lands in the summaries file that took descriptor 2")
    func closedStandardError() throws {
        let files = try TestFiles()
        let keys = files.path("keys.txt")
        try "open-key\n".write(toFile: keys, atomically: true, encoding: .utf8)
        chmod(keys, 0o600)
        let summaries = files.path("summaries.jsonl")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c", "exec \"$0\" serve --listen 127.0.0.1:0 --api-keys \"$1\" --summaries \"$2\" 2>&-",
            Tonecoach.executable.path, keys, summaries,
        ]
        try shell.run()
        // The server logs its start at once; give it time to, then stop it.
        usleep(3_000_000)
        shell.terminate()
        shell.waitUntilExit()
        // Before, the summaries file was opened as descriptor 2 and took the log's lines.
        #expect(FileManager.default.fileExists(atPath: summaries), "made at start")
        let written = String(decoding: files.bytes(summaries), as: UTF8.self)
        #expect(written.isEmpty, "\(written)")
        #expect(shell.terminationStatus == 0, "ended by its SIGTERM handling, with no call lost")
    }
}
