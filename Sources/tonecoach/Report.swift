import ArgumentParser
import Coaching
import Core
import Engine
import Foundation
import Reporting

/// `tonecoach report`: the after-call report, one self-contained HTML file.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an after-call report: one self-contained HTML file that opens in any browser.",
        discussion: """
            Per channel: the pitch contour, loudness and pace over the call, speech and overtalk \
            bands, the cues marked where they fired, and a short summary in plain words — what \
            went well, and one thing to try on the next call. No network, no scripts: plots \
            are inline SVG. The report holds measurements only, never audio.

            Example:
              tonecoach report Tests/Fixtures/example-call.wav -o call-report.html
            """)

    @Argument(help: "The recorded call.", completion: .file())
    var file: String

    @Option(name: .shortAndLong, help: "Where to write the report (default: FILE with .html).")
    var output: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Channel names in order, comma-separated; '-' skips one.", valueName: "names"))
    var channels: String?

    @OptionGroup var analysisOptions: AnalysisOptions

    @OptionGroup var coachingOptions: CoachingOptions

    func validate() throws {
        if let channels { _ = try ChannelNames.parse(channels) }
    }

    @Option(name: .customLong("call-id"), help: "The call's id, shown in the report's header.")
    var callID: String?

    @Option(help: "The agent's name, shown in the report's header.")
    var agent: String?

    func run() throws {
        let coaching = try coachingOptions.load()
        let names: [String?]? = channels.flatMap { try? ChannelNames.parse($0) }
        if let note = names.flatMap(ChannelNames.note) { standardError("tonecoach: note: \(note)") }
        // Checked before the analysis: a bad path is said at once, and never costs the input.
        let target: OutputFile
        do {
            target = try OutputFile(path: output ?? Self.defaultOutput(for: file), inputs: [file])
        } catch {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
        let analysis: OfflineAnalysis
        do {
            analysis = try OfflineAnalysis(
                path: file, channelNames: names, settings: analysisOptions.settings, cues: coaching.cues)
        } catch {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
        let duration = Double(analysis.reader.frameCount) / Double(analysis.reader.sampleRate)
        var timeline = CallTimeline(channels: analysis.channels.map(\.name), durationSeconds: duration)
        var cues: [(Cue, String)] = []
        var events: [ConversationEvent] = []
        let summaries: [ChannelSummary]
        do {
            summaries = try analysis.run(
                onFrame: { position, frame in timeline.add(position: position, frame: frame) },
                onCue: { cues.append(($0, coaching.message($0.kind, language: coachingOptions.lang))) },
                onEvent: { events.append($0) })
        } catch {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
        for warning in analysis.reader.warnings + analysis.sampleWarnings { standardError("tonecoach: warning: \(file): \(warning)") }
        let html = ReportWriter(
            file: file, format: analysis.reader.formatDescription, sampleRate: analysis.reader.sampleRate,
            timeline: timeline, summaries: summaries, cues: cues,
            events: events.sorted { $0.startSeconds < $1.startSeconds }, settings: coaching.cues, language: coachingOptions.lang,
            callID: callID, agentName: agent
        ).html()
        do {
            try target.write(Array(html.utf8))
        } catch {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
        if target.kind == .descriptor(STDOUT_FILENO) {
            standardError("tonecoach: report written to standard output")
        } else {
            standardError("tonecoach: report written to \(target.path)")
        }
    }

    /// FILE with its extension replaced by `.html` (`call.wav` → `call.html`); `call.html`
    /// itself would be the input, so it gets `call.report.html`.
    static func defaultOutput(for file: String) -> String {
        let base = (file as NSString).deletingPathExtension
        return base + (file == base + ".html" ? ".report.html" : ".html")
    }
}
