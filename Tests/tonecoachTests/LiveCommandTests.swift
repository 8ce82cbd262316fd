import CSndFile
import Foundation
import TestSupport
import Testing

/// `tonecoach live` and `tonecoach devices` through the real ALSA code path, with no sound
/// card: ALSA's `file` plugin reads raw audio from a file into a capture device defined in an
/// asoundrc given through ALSA_CONFIG_PATH.
@Suite("tonecoach live and devices (command line, ALSA file plugin)")
struct LiveCommandTests {
    static func frames(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").compactMap {
            let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            return object?["type"] as? String == "frame" ? object : nil
        }
    }

    @Test("live capture through ALSA gives the same frames as analyze on the same audio")
    func parityThroughALSA() throws {
        let device = try FilePluginDevice()
        let live = try runTonecoach(
            ["live", "--device", "tcfile", "--duration", "2", "--format", "jsonl"], environment: device.environment)
        #expect(live.status == 0, "\(live.stderr)")
        let analyze = try runTonecoach(
            ["analyze", "--format", "jsonl", "--channels", "agent", Fixtures.path("pace-120wpm.wav")])
        let liveFrames = try Self.frames(live.stdout)
        let offlineFrames = try Self.frames(analyze.stdout)
        #expect(liveFrames.count == 200)
        let stats = try #require(
            live.stdout.split(separator: "\n").last.flatMap {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            })
        // Live audio stops at 2 s; the frames whose look-ahead reaches past it saw silence there,
        // where analyze saw the rest of the file. Every frame before them must be identical.
        let delayMs = try #require(stats["analysis_delay_ms"] as? Double)
        let comparable = liveFrames.count - Int((delayMs / 10).rounded())
        #expect(comparable > 150)
        var differences = 0
        for (a, b) in zip(liveFrames.prefix(comparable), offlineFrames) {
            for key in ["t", "f0_hz", "voiced", "speech", "dbfs", "loudness_lufs_momentary", "clarity", "syllable"] {
                if "\(a[key] ?? "nil")" != "\(b[key] ?? "nil")" { differences += 1 }
            }
        }
        #expect(differences == 0)
        #expect(stats["type"] as? String == "live")
        #expect(stats["dropped_samples"] as? Int == 0)
        #expect(stats["gaps"] as? Int == 0)
        #expect(stats["latency_p99_ms"] is Double)
    }

    @Test("devices lists the PCMs an asoundrc defines")
    func devices() throws {
        let device = try FilePluginDevice()
        let result = try runTonecoach(["devices"], environment: device.environment)
        #expect(result.status == 0)
        #expect(result.stdout.contains("tcfile"))
        #expect(result.stdout.contains("null"))
        // A listing that cannot be written is said, not lost with status 0.
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let full = try Tonecoach.run(["devices"], environment: device.environment, stdoutPath: "/dev/full")
        #expect(full.status == 1)
        #expect(full.stderr.contains("cannot write the output: no space left on the disk"), "\(full.stderr)")
    }

    @Test("an asoundrc ALSA cannot parse: devices and live say so, status 1 (before: 'no capture devices', status 0)")
    func brokenConfiguration() throws {
        let files = try TestFiles()
        let broken = files.path("broken.asoundrc")
        try "pcm.broken {\n  type file\n".write(toFile: broken, atomically: true, encoding: .utf8)  // never closed
        let environment = ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(broken)"]
        let expected = "ALSA cannot read its configuration ("
        let devices = try runTonecoach(["devices"], environment: environment)
        #expect(devices.status == 1)
        #expect(devices.stderr.contains(expected), "\(devices.stderr)")
        let live = try runTonecoach(["live", "--device", "default", "--duration", "1"], environment: environment)
        #expect(live.status == 1)
        #expect(live.stderr.contains(expected), "\(live.stderr)")
    }

    @Test("a device that never existed: a clear error naming the ones that do, status 1")
    func missingDevice() throws {
        let device = try FilePluginDevice()
        let result = try runTonecoach(["live", "--device", "headset-that-is-not-there"], environment: device.environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no capture device 'headset-that-is-not-there'"))
        #expect(result.stderr.contains("tcfile"))
        #expect(!result.stderr.contains("Fatal"))
    }

    @Test("--customer-device: two capture devices, aligned, give the frames analyze gives for the same stereo call")
    func customerDevice() throws {
        let (agentSpeech, rate) = try Fixtures.load("pace-120wpm.wav")
        let (customerSpeech, customerRate) = try Fixtures.load("pace-240wpm.wav")
        #expect(rate == customerRate)
        let seconds = 3
        let agentSide = Array(agentSpeech[0].prefix(rate * seconds))
        let customerSide = Array(customerSpeech[0].prefix(rate * seconds))
        let agent = try FilePluginDevice(name: "tcagent", samples: agentSide, sampleRate: rate)
        let customer = try FilePluginDevice(name: "tccustomer", samples: customerSide, sampleRate: rate)
        let both = agent.environment["ALSA_CONFIG_PATH"]! + ":"
            + customer.environment["ALSA_CONFIG_PATH"]!.replacingOccurrences(of: "/usr/share/alsa/alsa.conf:", with: "")
        let live = try runTonecoach(
            ["live", "--device", "tcagent", "--customer-device", "tccustomer", "--format", "jsonl"],
            environment: ["ALSA_CONFIG_PATH": both])
        #expect(live.status == 0, "\(live.stderr)")

        // The same two signals as one stereo recording, agent left and customer right, as the
        // devices deliver them: 16-bit values.
        let files = try TestFiles()
        func sixteenBit(_ x: Float) -> Float { Float(Int16(max(-32768, min(32767, (x * 32768).rounded())))) / 32768 }
        var interleaved: [Float] = []
        for (a, c) in zip(agentSide, customerSide) { interleaved += [sixteenBit(a), sixteenBit(c)] }
        let stereo = files.write("call.wav", samples: interleaved, sampleRate: rate, channels: 2, format: 0x010006)
        let analyze = try runTonecoach(["analyze", "--format", "jsonl", stereo])
        let liveFrames = try Self.frames(live.stdout)
        let offlineFrames = try Self.frames(analyze.stdout)
        #expect(liveFrames.count == offlineFrames.count, "both sides ran to their end: \(liveFrames.count)")
        var differences = 0
        for (a, b) in zip(liveFrames, offlineFrames) {
            for key in ["t", "channel", "f0_hz", "voiced", "speech", "dbfs", "loudness_lufs_momentary", "syllable"] {
                if "\(a[key] ?? "nil")" != "\(b[key] ?? "nil")" { differences += 1 }
            }
        }
        #expect(differences == 0, "aligned to the sample")
        #expect(live.stdout.contains("\"channel\":\"customer\""))
    }

    @Test("a device that runs dry ends the session: an empty input is silence, never speech from stale memory")
    func deviceRunsDry() throws {
        let empty = try FilePluginDevice(name: "tcempty", samples: [], sampleRate: 16000)
        let start = Date()
        let result = try runTonecoach(
            ["live", "--device", "tcempty", "--format", "jsonl", "--duration", "20"], environment: empty.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 10, "ended when the input did, not at --duration")
        #expect(result.stdout.contains("\"event\":\"end_of_stream\""))
        #expect(!result.stdout.contains("\"type\":\"cue\""), "no cue on an input that holds nothing")
        #expect(result.stdout.contains("\"speech_s\":0.0"), "\(result.stdout)")

        // A short recording: the session ends at its end, and its last period is not repeated.
        let tone = Signals.sine(frequency: 200, amplitude: 0.3, sampleRate: 16000, seconds: 1.005)
        let short = try FilePluginDevice(name: "tcshort", samples: tone, sampleRate: 16000)
        let played = try runTonecoach(
            ["live", "--device", "tcshort", "--format", "jsonl", "--duration", "20"], environment: short.environment)
        #expect(played.status == 0, "\(played.stderr)")
        let summary = try #require(played.stdout.split(separator: "\n").first { $0.contains("\"type\":\"summary\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        let duration = try #require(object["duration_s"] as? Double)
        #expect(abs(duration - 1.0) <= 0.02, "1.005 s of audio, analysed in 10 ms hops: \(duration)")
    }

    @Test(
        "Ctrl-C, SIGTERM and the terminal closing (SIGHUP) end live at once: status 0 and the --report file written, even when the parent blocked them",
        arguments: [SIGINT, SIGTERM, SIGHUP])
    func stopSignal(_ signal: Int32) throws {
        let files = try TestFiles()
        let report = files.path("call.html")
        let live = Process()
        live.executableURL = Tonecoach.executable
        live.arguments = ["live", "--simulate", Fixtures.path("example-call.wav"), "--report", report]
        live.standardOutput = Pipe()
        live.standardError = Pipe()
        // The child inherits the signal mask of the test runner's thread that starts it, which
        // blocks these signals (as some supervisors do): live must unblock the signals it
        // handles, or a signal waits until the 45 s call is over.
        try live.run()
        usleep(2_000_000)
        let sent = Date()
        kill(live.processIdentifier, signal)
        live.waitUntilExit()
        let took = Date().timeIntervalSince(sent)
        #expect(took < 15, "ended \(took) s after the signal, not at the end of the 45 s recording")
        #expect(live.terminationReason == .exit && live.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: report), "the report survives the signal")
    }

    @Test("--simulate warns about sample values as analyze does: NaN, and values beyond full scale")
    func simulateSampleWarnings() throws {
        let files = try TestFiles()
        var samples = Signals.sine(frequency: 220, amplitude: 0.1, sampleRate: 8000, seconds: 1)
        samples[100] = .nan
        samples[4000] = 40  // +32 dBFS: a float file that was never normalised
        let path = files.write("odd.wav", samples: samples, sampleRate: 8000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT))
        let live = try runTonecoach(["live", "--simulate", path])
        let analyze = try runTonecoach(["analyze", "--no-frames", path])
        #expect(live.status == 0, "\(live.stderr)")
        for expected in ["\(path): 1 sample is NaN (not a number); analysed as silence", "\(path): samples up to +32 dBFS, beyond full scale"] {
            // Before, live said nothing of either.
            #expect(live.stderr.contains(expected), "\(live.stderr)")
            #expect(analyze.stderr.contains(expected), "\(analyze.stderr)")
        }
    }

    @Test("--simulate plays a recording through the live path; text output degrades to plain lines when piped")
    func simulate() throws {
        let result = try runTonecoach(["live", "--simulate", Fixtures.path("example-call.wav"), "--duration", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Listening on") == true)
        #expect(!result.stdout.contains("\u{1B}["), "no terminal escapes when not a TTY")
        #expect(lines.contains { $0.contains("talking") || $0.contains("listening") })
        #expect(!lines.contains { $0.contains("pace") }, "pace is judged only after 6 s of the agent's speech, not in 2 s")
        #expect(lines.contains { $0.contains(" Hz)") || $0.contains(" Hz, ") }, "the engineer's numbers follow the words")
        #expect(result.stdout.contains("latency (capture to frame): p50"))
        #expect(result.stdout.contains("customer"))
    }
}

@Suite("tonecoach live: the terminal line")
struct LiveTerminalTests {
    @Test("on a terminal the live line is redrawn at most twice a second, in plain words, cut to the terminal's width")
    func terminalLine() throws {
        let files = try TestFiles()
        let outPath = files.path("tty")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        let process = Process()
        // script(1) gives tonecoach a pseudo-terminal 60 columns wide.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = [
            "-qec",
            "stty cols 60 rows 20; '\(Tonecoach.executable.path)' live --simulate '\(Fixtures.path("example-call.wav"))' --duration 4",
            "/dev/null",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = String(decoding: files.bytes(outPath), as: UTF8.self)
        let redraws = text.components(separatedBy: "\r\u{1B}[2K00:").count - 1
        #expect(redraws >= 4, "the line is redrawn while the call runs: \(redraws)")
        #expect(redraws <= 4 * 2 + 2, "at most twice a second over 4 s: \(redraws)")
        let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
        let segments = plain.split(omittingEmptySubsequences: true) { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        let statusLines = segments.filter { $0.hasPrefix("00:") }
        #expect(!statusLines.isEmpty)
        for line in statusLines { #expect(line.count <= 59, "cut to the width: \(line.count) columns: \(line)") }
        #expect(statusLines.contains { $0.contains("talking") || $0.contains("listening") || $0.contains("silence") })
        #expect(statusLines.contains { $0.hasSuffix("…") }, "a long line ends with an ellipsis where it was cut")
    }
}

@Suite("tonecoach live: coaching profile and language")
struct LiveProfileTests {
    @Test("a profile's thresholds and its texts reach the live cues (--profile, --lang)")
    func profileAndLanguage() throws {
        let files = try TestFiles()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Models/profiles/default.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var rules = try #require(json["rules"] as? [String: Any])
        rules["pace_fast_syllables_per_s"] = 5.0
        rules["pace_fast_exit_syllables_per_s"] = 4.5
        rules["pace_minimum_speech_s"] = 1.0
        json["rules"] = rules
        var timing = try #require(json["timing"] as? [String: Any])
        timing["dwell_s"] = 1.0
        json["timing"] = timing
        let profile = files.writeBytes("eager.json", [UInt8](try JSONSerialization.data(withJSONObject: json)))
        // The 240 words-per-minute passage runs at about 6.3 syllables per second.
        let result = try runTonecoach([
            "live", "--simulate", Fixtures.path("pace-240wpm.wav"), "--duration", "4", "--format", "jsonl",
            "--no-frames", "--profile", profile, "--lang", "pt",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let cues = try result.stdout.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["type"] as? String == "cue" }
        let first = try #require(cues.first)
        #expect(first["cue"] as? String == "slow_down")
        #expect(first["message"] as? String == "Fale mais devagar")
        #expect((first["value"] as? Double ?? 0) > 5)
        // The text display's end-of-session summary lists the cue it showed.
        let text = try runTonecoach([
            "live", "--simulate", Fixtures.path("pace-240wpm.wav"), "--duration", "4", "--profile", profile, "--lang", "pt",
        ])
        #expect(text.status == 0, "\(text.stderr)")
        let summary = try #require(text.stdout.components(separatedBy: "latency (capture").first?.split(separator: "\n").suffix(12))
        let cueLine = try #require(summary.first { $0.contains("  cues ") })
        #expect(cueLine.contains("Fale mais devagar"), "\(summary)")
        #expect(!cueLine.contains("none"))
    }

    @Test("a bad profile stops live with the field named")
    func badProfile() throws {
        let files = try TestFiles()
        let profile = files.writeBytes("bad.json", Array(#"{"schema_version": 1, "name": "x"}"#.utf8))
        let result = try runTonecoach(["live", "--simulate", Fixtures.path("pace-240wpm.wav"), "--profile", profile])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.json: missing field version"), "\(result.stderr)")
    }
}
