import CSndFile
import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import TestSupport
import Testing

@Suite("tonecoach report (command line)")
struct ReportCommandTests {
    @Test("the after-call report is one well-formed, self-contained HTML file with plots and plain words")
    func report() throws {
        let files = try TestFiles()
        let target = files.path("call-report.html")
        let result = try runTonecoach(["report", Fixtures.path("example-call.wav"), "-o", target])
        #expect(result.status == 0, "\(result.stderr)")
        // Said where live --report says it: on standard error, standard output left empty.
        #expect(result.stderr.contains("tonecoach: report written to \(target)"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let data = try #require(FileManager.default.contents(atPath: target))
        // Well-formed: it parses as XML.
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        let html = String(decoding: data, as: UTF8.self)
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3, "who spoke when, then one plot per channel")
        for phrase in ["In plain words", "One thing to try on your next call", "Agent", "Customer", "Pitch (Hz)"] {
            #expect(html.contains(phrase), "missing \(phrase)")
        }
        // Self-contained: no scripts, no references outside the file (the XML namespaces are names, not fetches).
        #expect(!html.contains("<script"))
        let mentions = html.components(separatedBy: "http").count - 1
        let namespaces = html.components(separatedBy: "xmlns=\"http://www.w3.org/").count - 1
        #expect(mentions == namespaces, "only xmlns declarations mention http")
    }

    @Test("report measures as analyze does when told the same: a 700 Hz voice has a pitch only with --pitch-max above it")
    func analysisOptions() throws {
        let files = try TestFiles()
        // Above the default 600 Hz ceiling: a high, excited voice.
        let tone = Signals.harmonicTone(f0: 700, sampleRate: 16000, seconds: 3, maxHarmonic: 5)
        let wav = files.write("high.wav", samples: tone, sampleRate: 16000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        let wide = try runTonecoach(["report", wav, "--pitch-max", "800", "-o", files.path("wide.html")])
        #expect(wide.status == 0, "\(wide.stderr)")
        let narrow = try runTonecoach(["report", wav, "-o", files.path("narrow.html")])
        #expect(narrow.status == 0, "\(narrow.stderr)")
        let widePage = String(decoding: files.bytes(files.path("wide.html")), as: UTF8.self)
        let narrowPage = String(decoding: files.bytes(files.path("narrow.html")), as: UTF8.self)
        func median(_ page: String) -> Double? {
            guard let range = page.range(of: #"median \d+ Hz"#, options: .regularExpression) else { return nil }
            return Double(page[range].dropFirst(7).dropLast(3))
        }
        #expect(median(widePage).map { abs($0 - 700) <= 7 } == true, "within 1 %: \(String(describing: median(widePage)))")
        #expect(median(narrowPage).map { abs($0 - 700) <= 7 } != true, "a 600 Hz ceiling cannot read 700 Hz")
        let bad = try runTonecoach(["report", wav, "--hop-ms", "2"])
        #expect(bad.status == 64 && bad.stderr.contains("--hop-ms: hop of 2.0 ms is out of range"), "\(bad.stderr)")
    }

    @Test("the report lists the cues that fired, in the chosen language")
    func cuesInReport() throws {
        let files = try TestFiles()
        let target = files.path("fast.html")
        let passage = try Fixtures.repeated("pace-240wpm.wav", times: 2, in: files)
        let result = try runTonecoach(["report", passage, "-o", target, "--lang", "ro"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: target, encoding: .utf8)
        #expect(html.contains("Vorbește mai rar"))
        #expect(html.contains("stroke-dasharray"), "the cue is marked on the plots")
    }

    @Test("live --report writes the after-call report when the session ends")
    func liveReport() throws {
        let files = try TestFiles()
        let target = files.path("live.html")
        let result = try runTonecoach([
            "live", "--simulate", Fixtures.path("example-call.wav"), "--duration", "3", "--report", target,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let data = try #require(FileManager.default.contents(atPath: target))
        #expect(XMLParser(data: data).parse())
        #expect(String(decoding: data, as: UTF8.self).components(separatedBy: "<svg ").count - 1 == 3)
    }

    @Test("a file that cannot be analysed gets the usual one-line error and no report")
    func badFile() throws {
        let files = try TestFiles()
        let result = try runTonecoach(["report", files.path("missing.wav"), "-o", files.path("x.html")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("missing.wav: no such file"))
        #expect(!FileManager.default.fileExists(atPath: files.path("x.html")))
    }

    @Test("the report tells the call's story in the chosen language: the events named, the call named")
    func story() throws {
        guard CallBuilder.hasSpeechSynthesizer else {
            Issue.record("espeak-ng is not installed (apt-get install espeak-ng)")
            return
        }
        let call = try CallBuilder()
        let silenceStart = try call.greetingThenSilence(8).start
        let path = call.write()
        let files = try TestFiles()
        let target = files.path("story.html")
        let result = try runTonecoach(["report", path, "-o", target, "--lang", "es", "--call-id", "C-77", "--agent", "Ana"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: target, encoding: .utf8)
        #expect(html.contains("Informe de la llamada: C-77"))
        #expect(html.contains("Agente: Ana"))
        // The 8 s silence, named with its start and length. espeak-ng pads each utterance
        // with a little silence, so the silence heard runs from a little before the builder's
        // mark and lasts a little longer than 8 s.
        let item = try #require(html.components(separatedBy: "<li>silencio largo a las ").dropFirst().first)
        let words = item.prefix { $0 != "<" }.split(separator: " ")  // "0:04," "8.6" "s"
        let clock = words[0].dropLast().split(separator: ":").compactMap { Double($0) }
        let start = clock[0] * 60 + clock[1]
        let length = try #require(Double(words[1]))
        #expect(start >= silenceStart.rounded(.down) - 1 && start <= silenceStart, "starts \(start), builder \(silenceStart)")
        #expect(length >= 8.0 && length < 9.0, "lasts \(length) s")
        #expect(!html.contains("One thing to try"), "the prose is Spanish")
    }
}
