import Foundation
import TestSupport
import Testing

/// Runs the built `tonecoach` binary the way a user does, and checks what it prints.
@Suite("tonecoach analyze (command line)")
struct AnalyzeCommandTests {
    static let call = Fixtures.path("example-call.wav")

    @Test("jsonl: a frame per hop and channel with the documented fields, then a summary per channel")
    func jsonLines() throws {
        let result = try runTonecoach(["analyze", "--format", "jsonl", Self.call])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let frames = objects.filter { $0["type"] as? String == "frame" }
        let summaries = objects.filter { $0["type"] as? String == "summary" }
        // 44.8 s at 10 ms hops, two channels.
        #expect(abs(frames.count - 2 * 4480) <= 2)
        for key in ["t", "channel", "f0_hz", "voiced", "speech", "dbfs", "loudness_lufs_momentary"] {
            #expect(frames.allSatisfy { $0.keys.contains(key) }, "frames lack \(key)")
        }
        #expect(Set(frames.compactMap { $0["channel"] as? String }) == ["agent", "customer"])
        #expect(frames.contains { $0["f0_hz"] is NSNull } && frames.contains { $0["f0_hz"] is Double })
        #expect(summaries.count == 2)
        for key in [
            "channel", "duration_s", "speech_s", "loudness_integrated_lufs", "speech_rate_syllables_per_s",
            "articulation_rate_syllables_per_s", "pitch_median_hz", "pitch_std_semitones", "pauses",
        ] {
            #expect(summaries.allSatisfy { $0.keys.contains(key) }, "summaries lack \(key)")
        }
        let times = frames.filter { $0["channel"] as? String == "agent" }.compactMap { $0["t"] as? Double }
        #expect(zip(times, times.dropFirst()).allSatisfy { abs($1 - $0 - 0.01) < 1e-6 })
        // The British spelling is the same command.
        let british = try runTonecoach(["analyse", "--format", "jsonl", "--no-frames", Self.call])
        #expect(british.status == 0, "\(british.stderr)")
        #expect(british.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"summary\"") }.count == 2)
    }

    @Test("analyze emits the cues the live coach would have shown: fast speech gets 'slow down', the calm example call none")
    func cues() throws {
        // The 240 words-per-minute passage read twice: 16 s of speech, enough to judge pace.
        let files = try TestFiles()
        let passage = try Fixtures.repeated("pace-240wpm.wav", times: 2, in: files)
        let fast = try runTonecoach(["analyze", "--format", "jsonl", "--no-frames", "--lang", "es", passage])
        #expect(fast.status == 0)
        let objects = try fast.stdout.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let cues = objects.filter { $0["type"] as? String == "cue" }
        #expect(cues.count == 1)
        #expect(cues.first?["cue"] as? String == "slow_down")
        #expect(cues.first?["message"] as? String == "Habla más despacio")
        #expect(cues.first?["channel"] as? String == "mono")
        let calm = try runTonecoach(["analyze", "--format", "jsonl", "--no-frames", Self.call])
        #expect(!calm.stdout.contains(#""type":"cue""#))
        let text = try runTonecoach(["analyze", passage])
        #expect(text.stdout.contains("mono: Slow down"))
    }

    @Test("README's 'What make demo prints' is what analyze prints for the example call, line for line")
    func readmeDemoOutput() throws {
        let readme = try String(contentsOf: LivePageCommandTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let heading = try #require(readme.range(of: "## What `make demo` prints\n\n```\n"))
        let block = readme[heading.upperBound...].prefix { $0 != "`" }
        // Run from the repository, as make demo does, so that the first line names the same path.
        let shell = Process()
        shell.executableURL = Tonecoach.executable
        shell.arguments = ["analyze", "Tests/Fixtures/example-call.wav"]
        shell.currentDirectoryURL = LivePageCommandTests.repository
        let pipe = Pipe()
        shell.standardOutput = pipe
        try shell.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        // Word for word, and each number to within one unit of its last digit: the test runs a
        // debug build, make demo a release one, and a figure on a rounding edge may differ.
        func tokens(_ text: Substring) -> [[Substring]] { text.split(separator: "\n").map { $0.split(separator: " ") } }
        func same(_ a: Substring, _ b: Substring) -> Bool {
            guard let x = Double(a), let y = Double(b) else { return a == b }
            let decimals = a.split(separator: ".").dropFirst().first?.count ?? 0
            return abs(x - y) <= pow(10, -Double(decimals)) + 1e-9
        }
        let (shown, got) = (tokens(block), tokens(printed[...]))
        let matches = shown.count == got.count
            && zip(shown, got).allSatisfy { $0.count == $1.count && zip($0, $1).allSatisfy { same($0, $1) } }
        #expect(matches, "README shows:\n\(block)\nanalyze prints:\n\(printed)")
    }

    @Test("--no-frames keeps only the summaries")
    func noFrames() throws {
        let result = try runTonecoach(["analyze", "--format", "jsonl", "--no-frames", Self.call])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 2)
    }

    @Test("csv: a header and a row per hop and channel")
    func csv() throws {
        let result = try runTonecoach(["analyze", "--format", "csv", "--channels", "-,customer", Self.call])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("file,channel,t,f0_hz,voiced,speech,dbfs,loudness_lufs_momentary") == true)
        #expect(abs(lines.count - 1 - 4480) <= 1)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 14 })
        #expect(lines.dropFirst().allSatisfy { $0.contains(",customer,") })
    }

    @Test("text: a readable summary with both channels")
    func text() throws {
        let result = try runTonecoach(["analyze", Self.call])
        #expect(result.status == 0)
        for word in ["agent", "customer", "LUFS", "syllables/s", "Hz", "pauses", "G.711 µ-law"] {
            #expect(result.stdout.contains(word), "missing \(word)")
        }
    }

    @Test("a bad file among good ones: named on stderr, the others analysed, exit status 1")
    func badFileAmongGood() throws {
        let files = try TestFiles()
        let junk = files.writeBytes("junk.wav", Array("not audio at all".utf8))
        let result = try runTonecoach(["analyze", "--format", "jsonl", "--no-frames", junk, "/no/such/file.wav", Self.call])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(junk): not an audio file ToneCoach recognises (it is text)"))
        #expect(result.stderr.contains("/no/such/file.wav: no such file"))
        // Each failure is a line of its own on stdout too, in the files' order.
        let types = result.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(types == ["error", "error", "summary", "summary"], "\(result.stdout)")
        #expect(!result.stderr.contains("Fatal") && !result.stderr.contains("Backtrace"))
    }

    @Test("csv --no-frames: one row per call, failures included, for a spreadsheet of the batch")
    func callTable() throws {
        let files = try TestFiles()
        let junk = files.writeBytes("junk.wav", Array("meeting notes, not a recording".utf8))
        let mono = Fixtures.path("pace-120wpm.wav")
        let result = try runTonecoach(["analyze", "--format", "csv", "--no-frames", Self.call, junk, mono])
        #expect(result.status == 1, "one file failed")
        let rows = result.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 4, "a header and one row per file: \(rows)")
        let header = rows[0].split(separator: ",").map(String.init)
        func cell(_ row: Int, _ column: String) throws -> String {
            let index = try #require(header.firstIndex(of: column), "no column \(column)")
            return csvCells(rows[row])[index]
        }
        #expect(rows.allSatisfy { csvCells($0).count == header.count })
        #expect(try cell(1, "status") == "ok")
        #expect(try cell(1, "channel1_name") == "agent")
        #expect(try cell(1, "channel2_name") == "customer")
        #expect(try cell(1, "sample_rate_hz") == "8000")
        #expect(try cell(2, "file") == junk)
        #expect(try cell(2, "status") == "error")
        #expect(try cell(2, "problem").contains("not an audio file"))
        #expect(try cell(3, "channel1_name") == "mono")
        #expect(try cell(3, "channel2_name") == "", "a mono file fills one channel's columns")
        #expect(try cell(3, "dead_air") == "", "no conversation in a one-sided recording")
    }

    @Test("files analysed in parallel come out exactly as one at a time, in the order given")
    func parallelMatchesSerial() throws {
        let inputs = [Self.call, Fixtures.path("pace-240wpm.wav"), Fixtures.path("pace-120wpm.wav"), Self.call]
        let serial = try runTonecoach(["analyze", "--format", "jsonl", "--jobs", "1"] + inputs)
        let parallel = try runTonecoach(["analyze", "--format", "jsonl", "--jobs", "3"] + inputs)
        #expect(serial.status == 0 && parallel.status == 0)
        #expect(serial.stdout.count > 100_000, "frames included")
        #expect(parallel.stdout == serial.stdout)
    }

    @Test("usage errors are explained, with status 64")
    func usageErrors() throws {
        let tooMany = try runTonecoach(["analyze", "--channels", "a,b,c", Self.call])
        #expect(tooMany.status == 64)
        #expect(tooMany.stderr.contains("--channels"))
        let badHop = try runTonecoach(["analyze", "--hop-ms", "500", Self.call])
        #expect(badHop.status == 64)
        #expect(badHop.stderr.contains("500"))
        let mismatch = try runTonecoach(["analyze", "--channels", "agent", Self.call])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("names 1 channel but the file has 2"))
        for command in ["analyze", "report", "evaluate"] {
            let twice = try runTonecoach([command, "--channels", "agent,agent", Self.call])
            #expect(twice.status == 64, "\(command)")
            #expect(twice.stderr.contains("names two channels 'agent'"), "\(command): \(twice.stderr)")
        }
    }

    @Test("channels named without 'agent': measured, no cues, and a note says why")
    func noAgentNamed() throws {
        // A dev-corpus call with a planted dead air: cues and events when its agent is named.
        let call = ServeCommandTests.devCorpusCall("dcall1_8k.wav") ?? Self.call
        let named = try runTonecoach(["analyze", "--format", "jsonl", "--no-frames", "--channels", "left,right", call])
        #expect(named.status == 0)
        #expect(named.stderr.contains("no channel is named 'agent', so no cues are given"))
        #expect(named.stdout.contains("\"channel\":\"left\"") && !named.stdout.contains("\"type\":\"cue\""))
        let coached = try runTonecoach(["analyze", "--format", "jsonl", "--no-frames", "--channels", "agent,customer", call])
        #expect(!coached.stderr.contains("note:"))
        if call != Self.call {
            #expect(coached.stdout.contains("\"type\":\"cue\""), "the call earns cues when its agent is named")
        }
    }

    @Test("--help teaches: formats, channels and examples")
    func help() throws {
        let result = try runTonecoach(["analyze", "--help"])
        #expect(result.status == 0)
        for phrase in ["jsonl", "--channels", "Examples", "µ-law"] {
            #expect(result.stdout.contains(phrase), "help lacks \(phrase)")
        }
    }
}

/// The cells of one CSV line (RFC 4180: quoted cells may hold commas and doubled quotes).
func csvCells(_ line: String) -> [String] {
    var cells: [String] = []
    var cell = ""
    var quoted = false
    var characters = Array(line)[...]
    while let c = characters.popFirst() {
        if quoted {
            if c == "\"" {
                if characters.first == "\"" {
                    cell.append("\"")
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                cell.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            cells.append(cell)
            cell = ""
        } else {
            cell.append(c)
        }
    }
    cells.append(cell)
    return cells
}
