import CSndFile
import Foundation
import TestSupport
import Testing

@Suite("tonecoach on hostile input (command line)")
struct HostileInputTests {
    @Test("a float file beyond full scale, with a 1e30 spike and a NaN: analysed, one warning each, valid JSON")
    func floatBeyondFullScale() throws {
        let files = try TestFiles()
        // A sine of amplitude 10: 20·log10(10) = +20 dBFS, the peak the warning must name.
        let loud = files.write(
            "loud.wav", samples: Signals.sine(frequency: 220, amplitude: 10, sampleRate: 16000, seconds: 2),
            sampleRate: 16000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT))
        var spiked = Signals.sine(frequency: 220, amplitude: 0.1, sampleRate: 16000, seconds: 2)
        spiked[5000] = 1e30
        spiked[9000] = .nan
        let spike = files.write(
            "spike.wav", samples: spiked, sampleRate: 16000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT))
        let clean = Fixtures.path("pace-120wpm.wav")

        let result = try runTonecoach(["analyze", "--format", "jsonl", loud, spike, clean])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("\(loud): samples up to +20 dBFS, beyond full scale"), "\(result.stderr)")
        #expect(result.stderr.contains("\(spike): samples up to +600 dBFS"), "\(result.stderr)")
        #expect(result.stderr.contains("were clipped"))
        #expect(result.stderr.contains("\(spike): 1 sample is NaN (not a number); analysed as silence"))
        #expect(!result.stderr.contains(clean), "the clean file gets no warning")
        #expect(result.stderr.split(separator: "\n").count == 3, "one line per problem: \(result.stderr)")
        var summaries: [String] = []
        for line in result.stdout.split(separator: "\n") {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            if object["type"] as? String == "summary" { summaries.append(object["file"] as! String) }
        }
        #expect(summaries == [loud, spike, clean], "every file summarised, in order")
        #expect(result.stdout.contains("\"type\":\"warning\""), "machines see the warning too")
        // report tells the same as analyze.
        let report = try runTonecoach(["report", spike, "--output", files.path("spike.html")])
        #expect(report.status == 0)
        #expect(report.stderr.contains("\(spike): 1 sample is NaN (not a number)"), "\(report.stderr)")
    }

    @Test("a float64 file with a value beyond single precision: clipped like any loud value, said so, not silenced")
    func float64BeyondSinglePrecision() throws {
        let files = try TestFiles()
        var samples = Signals.sine(frequency: 220, amplitude: 0.1, sampleRate: 16000, seconds: 2).map(Double.init)
        samples[5000] = 1e300  // infinity once libsndfile hands it over as a 32-bit float
        // IEEE float64 samples in a hand-made WAV: libsndfile is given Floats in TestFiles.
        let data = Data(
            handMadeWAV(
                sampleRate: 16000, channels: 1, bitsPerSample: 64,
                dataBytes: samples.flatMap { sample in withUnsafeBytes(of: sample.bitPattern.littleEndian) { Array($0) } },
                formatTag: 3))
        let path = files.path("huge64.wav")
        try data.write(to: URL(fileURLWithPath: path))

        let result = try runTonecoach(["analyze", "--format", "jsonl", "--no-frames", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("samples beyond the range of a 32-bit float (1 read as infinite)"), "\(result.stderr)")
        #expect(result.stderr.contains("were clipped to it"))
        #expect(!result.stderr.contains("NaN"))
    }

    @Test("silence and infinities only (no finite peak to put in decibels): warned, analysed, and the batch goes on")
    func infinitiesInSilence() throws {
        let files = try TestFiles()
        // 32-bit float files: libsndfile hands +inf and -inf over as they are.
        var silence = [Float](repeating: 0, count: 16000)
        silence[8000] = .infinity
        let oneInfinity = files.write("one-inf.wav", samples: silence, sampleRate: 16000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT))
        let allInfinite = files.write(
            "all-inf.wav", samples: [Float](repeating: -.infinity, count: 16000), sampleRate: 16000, channels: 1,
            format: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT))
        let clean = files.write(
            "clean.wav", samples: Signals.sine(frequency: 220, amplitude: 0.1, sampleRate: 16000, seconds: 1), sampleRate: 16000,
            channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT))
        // Before, the warning's decibels of a zero peak trapped, and the batch ended there.
        let result = try runTonecoach(["analyze", "--format", "csv", "--no-frames", clean, oneInfinity, allInfinite])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("\(oneInfinity): samples beyond the range of a 32-bit float (1 read as infinite)"), "\(result.stderr)")
        #expect(result.stderr.contains("\(allInfinite): samples beyond the range of a 32-bit float (16000 read as infinite)"))
        let rows = result.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 3 && rows.allSatisfy { $0.contains(",mono,") }, "\(result.stdout)")
    }

    @Test("a mono recording saved as stereo: one warning; none when one channel is skipped or they differ")
    func identicalChannels() throws {
        let files = try TestFiles()
        let voice = Signals.sine(frequency: 180, amplitude: 0.2, sampleRate: 8000, seconds: 2)
        let same = files.write(
            "same.wav", samples: voice.flatMap { [$0, $0] }, sampleRate: 8000, channels: 2, format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        var other = voice.flatMap { [$0, $0] }
        other[4001] += 0.01  // one sample of the right channel differs
        let differ = files.write(
            "differ.wav", samples: other, sampleRate: 8000, channels: 2, format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        let warned = try runTonecoach(["analyze", "--no-frames", same])
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("\(same): both channels hold the same audio"), "\(warned.stderr)")
        #expect(try runTonecoach(["analyze", "--no-frames", "--channels", "agent,-", same]).stderr.isEmpty)
        #expect(try runTonecoach(["analyze", "--no-frames", differ]).stderr.isEmpty)
    }

    @Test("jsonl: a file that cannot be analysed is an error line of its own on stdout, between the others")
    func jsonlErrorLine() throws {
        let files = try TestFiles()
        let broken = files.writeBytes("broken.wav", Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEjunk".utf8))
        let clean = Fixtures.path("pace-120wpm.wav")
        let result = try runTonecoach(["analyze", "--format", "jsonl", "--no-frames", "--jobs", "1", clean, broken, clean])
        #expect(result.status == 1)
        let types = result.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(types == ["summary", "error", "summary"], "\(result.stdout)")
        #expect(result.stdout.contains("\"type\":\"error\",\"file\":\"\(broken)\",\"message\":"))
    }

    @Test("a file whose name is not UTF-8 (Latin-1 café.wav): an error that says why, not a bare 'no such file'")
    func nonUTF8Name() throws {
        let files = try TestFiles()
        // Created with the raw bytes 'caf' 0xE9 '.wav'; a Swift String cannot hold them.
        let directory = files.path("")
        var name = Array(directory.utf8) + [0x2F] + Array("caf".utf8) + [0xE9] + Array(".wav".utf8)
        name.append(0)
        let descriptor = name.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(descriptor >= 0)
        let audio = FileManager.default.contents(atPath: Fixtures.path("pace-120wpm.wav")) ?? Data()
        audio.withUnsafeBytes { _ = write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        // The shell passes the bytes on as they are, as a user's shell does.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "exec \"$0\" analyze --no-frames \"$(printf '%s/caf\\351.wav' \"$1\")\"", Tonecoach.executable.path, directory]
        let errors = Pipe()
        shell.standardError = errors
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 1)
        #expect(stderr.contains("if its name is not UTF-8 text"), "\(stderr)")
        #expect(stderr.contains("rename it to UTF-8"))
    }

    @Test("standard error closed or full: the error, warning or note is lost, never the program or its status")
    func standardErrorUnwritable() throws {
        let files = try TestFiles()
        let spiky = files.write(
            "nan.wav", samples: [Float.nan] + Signals.sine(frequency: 220, amplitude: 0.1, sampleRate: 8000, seconds: 1),
            sampleRate: 8000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT))
        // (arguments, standard error, status, what standard output still gets). Before, each trapped (status 132).
        let cases: [([String], String, Int32, String)] = [
            (["analyze", files.path("missing.wav")], "2>&-", 1, ""),
            (["analyze", "--format", "csv", "--no-frames", spiky], "2>&-", 0, ",mono,"),
            (["analyze", "--format", "csv", "--no-frames", spiky], "2>/dev/full", 0, ",mono,"),
        ]
        for (arguments, redirection, status, output) in cases {
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", "exec \"$0\" \"$@\" \(redirection)", Tonecoach.executable.path] + arguments
            let out = Pipe()
            shell.standardOutput = out
            try shell.run()
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            shell.waitUntilExit()
            #expect(shell.terminationStatus == status, "\(arguments) \(redirection)")
            #expect(output.isEmpty || stdout.contains(output), "\(stdout)")
        }
    }

    @Test("negative numbers get the range message, not 'missing value'")
    func negativeArguments() throws {
        let hop = try runTonecoach(["analyze", "--hop-ms", "-10", Fixtures.path("pace-120wpm.wav")])
        #expect(hop.status == 64)
        #expect(hop.stderr.contains("hop of -10.0 ms is out of range (5 to 50 ms)"), "\(hop.stderr)")
        let duration = try runTonecoach(["live", "--simulate", Fixtures.path("pace-120wpm.wav"), "--duration", "-3"])
        #expect(duration.status == 64)
        #expect(duration.stderr.contains("--duration must be a positive number"), "\(duration.stderr)")
        for endless in ["inf", "nan", "1e300"] {
            let result = try runTonecoach(["live", "--simulate", Fixtures.path("pace-120wpm.wav"), "--duration", endless])
            #expect(result.status == 64, "--duration \(endless): \(result.stderr)")
            #expect(result.stderr.contains("--duration must be a positive number of seconds"))
        }
        let jobs = try runTonecoach(["analyze", "--jobs", "0", Fixtures.path("pace-120wpm.wav")])
        #expect(jobs.status == 64)
        #expect(jobs.stderr.contains("--jobs 0 is out of range"), "\(jobs.stderr)")
    }

    @Test("serve and live say what is wrong: negative counts, a listen address out of range or malformed, a key file or summaries path that is not a file, options that do not apply")
    func serveAndLiveRefusals() throws {
        let files = try TestFiles()
        let keys = files.path("keys.txt")
        try "k1\n".write(toFile: keys, atomically: true, encoding: .utf8)
        let cases: [([String], Int32, String)] = [
            // Before: "Missing value for '--max-calls <max-calls>'" and the like.
            (["serve", "--listen", "127.0.0.1:0", "--api-keys", keys, "--max-calls", "-5"], 64, "--max-calls must be between 1 and 100000"),
            (["serve", "--listen", "127.0.0.1:0", "--api-keys", keys, "--stall-timeout", "-1"], 64, "--stall-timeout must be between 1 and 3600 seconds"),
            (["serve", "--listen", "127.0.0.1:0", "--api-keys", keys, "--analysis-threads", "-2"], 64, "--analysis-threads must be between 1 and 256"),
            (["serve", "--listen", "127.0.0.1:0", "--api-keys", keys, "--listen", "-1"], 64, "port -1 is out of range: ports go from 0 to 65535"),
            // Before: "The value '99999' is invalid for '--listen <address>'", and no reason.
            (["serve", "--api-keys", keys, "--listen", "99999"], 64, "port 99999 is out of range: ports go from 0 to 65535"),
            (["serve", "--api-keys", keys, "--listen", ":8080"], 64, "no host before the ':'"),
            (["serve", "--api-keys", keys, "--listen", "[::1]8080"], 64, "a ':PORT' must follow the IPv6 address"),
            // Before: '::1' listened on host ':' port 1 and failed with "cannot be resolved".
            (["serve", "--api-keys", keys, "--listen", "::1"], 64, "the host ':' holds a ':' (an IPv6 address goes in brackets, as in [::1]:8080)"),
            (["serve", "--api-keys", keys, "--listen", "fe80::1:8080"], 64, "an IPv6 address goes in brackets"),
            (["serve", "--api-keys", keys, "--listen", "[]:8080"], 64, "the brackets hold no IPv6 address"),
            (["serve", "--api-keys", keys, "--listen", "local\thost:8080"], 64, "the host holds a space"),
            (["serve", "--api-keys", keys, "--listen", "localhost:http"], 64, "the port 'http' is not a whole number"),
            (["live", "--simulate", Fixtures.path("pace-120wpm.wav"), "--serve", "[::1:8080"], 64, "must be closed with ']'"),
            // Before: "cannot read the API key file X", no reason; "cannot open it for writing" for a folder.
            (["serve", "--listen", "127.0.0.1:0", "--api-keys", files.path("none.txt")], 1, "cannot read the API key file \(files.path("none.txt")): no such file"),
            (["serve", "--listen", "127.0.0.1:0", "--api-keys", files.directory.path], 1, "cannot read the API key file \(files.directory.path): it is a folder"),
            (["serve", "--listen", "127.0.0.1:0", "--api-keys", keys, "--summaries", files.directory.path], 1, "it is a folder; name a file in it"),
            // Before, ignored without a word.
            (["live", "--simulate", Fixtures.path("pace-120wpm.wav"), "--rate", "16000"], 64, "--simulate plays a recording at its own rate"),
            (["live", "--simulate", Fixtures.path("pace-120wpm.wav"), "--device", "hw:1"], 64, "--device captures live"),
        ]
        for (arguments, status, expected) in cases {
            let result = try runTonecoach(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
    }

    @Test("a name that leads nowhere: a dangling symbolic link and a loop of links are said as such, not 'no such file'")
    func linksLeadingNowhere() throws {
        let files = try TestFiles()
        let dangling = files.path("dangling.wav")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: files.path("gone.wav"))
        let loop = files.path("loop.wav")
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: files.path("loop2.wav"))
        try FileManager.default.createSymbolicLink(atPath: files.path("loop2.wav"), withDestinationPath: loop)
        let result = try runTonecoach(["analyze", "--no-frames", dangling, loop])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(dangling): a symbolic link to a file that does not exist"), "\(result.stderr)")
        #expect(result.stderr.contains("\(loop): a loop of symbolic links"), "\(result.stderr)")
        let profile = try runTonecoach(["analyze", "--profile", loop, Fixtures.path("pace-120wpm.wav")])
        #expect(profile.stderr.contains("a loop of symbolic links"), "\(profile.stderr)")
    }

    @Test("a profile with a syntax error names the line and column")
    func profileSyntax() throws {
        let files = try TestFiles()
        let profile = files.writeBytes("broken.json", Array("{\n  \"schema_version\": 1,\n  \"name\": default\n}".utf8))
        let result = try runTonecoach(["analyze", "--profile", profile, Fixtures.path("pace-120wpm.wav")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(profile): line 3, column 11: not valid JSON"), "\(result.stderr)")
    }
}
