import Foundation
import TestSupport
import Testing

@Suite("tonecoach live --serve: the agent's live page (command line, headless Chromium)")
struct LivePageCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Waits up to `seconds` for `condition`, checking every 50 ms.
    static func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    @Test("a cue the session sends appears in the page's DOM, in the --lang language, with the status strip in words")
    func cueAppearsInPage() throws {
        let hasChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.fileExists(atPath: $0) }
        guard hasChromium else {
            // CI installs Debian's chromium; elsewhere the test says why it did not run.
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("chromium is not installed") }
            return
        }
        let files = try TestFiles()
        // 240 words per minute: "slow down" once pace has 6 s of speech and holds for 3 s.
        let passage = try Fixtures.repeated("pace-240wpm.wav", times: 20, in: files)  // 178 s
        let out = files.path("stdout")
        let err = files.path("stderr")
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let session = Process()
        session.executableURL = Tonecoach.executable
        session.arguments = [
            // A bare port: the page listens on 127.0.0.1, as the URL below must show.
            "live", "--simulate", passage, "--serve", "0", "--format", "jsonl", "--no-frames",
            "--lang", "ro",
        ]
        session.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        session.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try session.run()
        defer { if session.isRunning { session.terminate() } }

        func text(_ path: String) -> String { String(decoding: files.bytes(path), as: UTF8.self) }
        #expect(Self.waitFor(10) { text(err).contains("live page at http://127.0.0.1:") }, "\(text(err))")
        let url = try #require(
            text(err).split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        #expect(Self.waitFor(20) { text(out).contains("\"type\":\"cue\"") }, "the session cued: \(text(out))")

        // The page opens after the cue was sent: it must show what the agent should see now.
        // It is read as soon as the cue shows. On a quick start the cue is replayed (held for
        // 6 s of call time); on a busy machine's slow Chromium start, the passage (twenty times
        // over) keeps the pace fast and the cue comes again, live, after its 45 s cooldown.
        // The session outlasts the read: a 26 s session once ended before a loaded CI
        // machine's Chromium had opened the page (connection refused).
        let expected = "<div id=\"cue\" class=\"pace\">Vorbește mai rar</div>"
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = ["python3", Self.repository.appendingPathComponent("Tests/Tools/page-dom.py").path, url, "70"]
        // Once read, the session is stopped as an agent would (SIGTERM, a clean end) while the
        // page stays open, and the page is read again when its strip has emptied.
        let emptyStrip = "<span id=\"activity\"></span><span id=\"pace\"></span>"
        browser.environment = ProcessInfo.processInfo.environment.merging(["PAGE_UNTIL": expected, "PAGE_AGAIN": emptyStrip]) { $1 }
        let pipe = Pipe()
        let input = Pipe()
        browser.standardOutput = pipe
        browser.standardInput = input
        try browser.run()
        var first = Data()
        while !String(decoding: first, as: UTF8.self).contains("<!-- read -->") {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // page-dom ended without a first read
            first.append(chunk)
        }
        let dom = String(decoding: first, as: UTF8.self)
        if session.isRunning { session.terminate() }
        session.waitUntilExit()
        try? input.fileHandleForWriting.write(contentsOf: Data("\n".utf8))
        let ended = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        #expect(browser.terminationStatus == 0)
        #expect(dom.contains(expected), "\(dom.suffix(600))")
        let strip = ["vorbiți", "ascultați", "liniște"].contains { dom.contains("<span id=\"activity\"><b>\($0)</b></span>") }
        #expect(strip, "the strip says who is talking, in words: \(dom.suffix(600))")
        #expect(["lent", "bun", "rapid"].contains { dom.contains("ritm <b>\($0)</b>") }, "and the pace, in words")

        #expect(session.terminationStatus == 0, "\(text(err))")
        // When the call is over, nobody is talking any more: the strip no longer says so.
        #expect(ended.contains(emptyStrip), "the strip empties at the end: \(ended.suffix(600))")
    }

    @Test("--serve: a bad address is a usage error; a port in use is said plainly before any capture")
    func badAddresses() throws {
        let bad = try runTonecoach(["live", "--simulate", Fixtures.path("pace-120wpm.wav"), "--serve", "127.0.0.1:99999"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--serve"), "\(bad.stderr)")
        #expect(bad.stderr.contains("port 99999 is out of range"), "\(bad.stderr)")

        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 1) == 0
                && getsockname(listener, $0, &length) == 0 }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let busy = try runTonecoach(["live", "--simulate", Fixtures.path("pace-120wpm.wav"), "--serve", "127.0.0.1:\(port)"])
        #expect(busy.status == 1)
        #expect(busy.stderr.contains("cannot serve the live page on 127.0.0.1:\(port): the port is already in use"), "\(busy.stderr)")
    }
}
