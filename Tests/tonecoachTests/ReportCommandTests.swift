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
        #expect(result.stdout.contains(target))
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
