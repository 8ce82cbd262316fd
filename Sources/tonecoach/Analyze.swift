import ArgumentParser
import Coaching
import Core
import Engine
import Foundation

/// `tonecoach analyze`: prosody of recorded calls.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the prosody of recorded calls (WAV and other formats libsndfile reads).",
        discussion: """
            Each FILE is streamed in blocks, so a two-hour recording needs no more memory than \
            a short one. Mono files are reported as channel "mono"; stereo files as "agent" \
            (left) and "customer" (right) unless --channels says otherwise.

            Encodings: PCM 8/16/24/32-bit, 32/64-bit float, G.711 µ-law and A-law, IMA and MS \
            ADPCM, GSM 6.10, in WAV (WAVE_FORMAT_EXTENSIBLE and RF64 too), AIFF or FLAC, at 8 to 48 kHz.

            Output formats:
              text   a readable summary per file and channel (default)
              jsonl  one JSON object per line: a "frame" per hop and channel, then a \
            "summary" per channel (see README for the fields)
              csv    one row per hop and channel, with a header row; with --no-frames, one \
            row per call (file, status, cues, conversation events, then each channel's \
            summary), for a spreadsheet of a whole batch

            Several files are analysed at once, one per processor core (--jobs; one at a \
            time when frames are written, so they stream), and written in the order given, each as soon as it is done; on a terminal, stderr shows how \
            far the batch has got. If a file cannot be analysed, ToneCoach says why on \
            stderr in one line naming the file, goes on with the others, and exits with \
            status 1 (a csv call table also gets a row saying why). A file with odd samples \
            (beyond full scale, NaN) is analysed with a warning.

            Examples:
              tonecoach analyze call.wav
              tonecoach analyze --channels customer,agent --format jsonl call.wav
              tonecoach analyze --channels -,customer --format csv call.wav > customer.csv
              tonecoach analyze --no-frames --format jsonl recordings/*.wav
              tonecoach analyze --no-frames --format csv recordings/*.wav > calls.csv
            """,
        // The British spelling, which the help text itself uses ("Recordings to analyse").
        aliases: ["analyse"]
    )

    @Argument(help: "Recordings to analyse.", completion: .file())
    var files: [String]

    @Option(help: "Output format: text, jsonl or csv.")
    var format: OutputFormat = .text

    @Flag(
        inversion: .prefixedNo,
        help: "Include per-hop frames (default: on for jsonl and csv, off for text).")
    var frames: Bool?

    @Option(
        parsing: .unconditional,  // so that a list starting with '-' (skip the left channel) is a value
        help: ArgumentHelp(
            "Names for the file's channels in order, comma-separated; '-' skips a channel.",
            discussion: "Default: 'mono' for one channel, 'agent,customer' for two. The channel named 'agent' "
                + "(or a lone channel) is coached and 'customer' is the other party; other names are measured only.",
            valueName: "names"))
    var channels: String?

    @OptionGroup var analysisOptions: AnalysisOptions

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Files analysed at once (default: one per processor core, or one when frames are written).",
            discussion: "Output keeps the order of the files whatever finishes first. A file analysed "
                + "alongside others keeps its output in memory until its turn: with frames, that is "
                + "about 240 MB per hour of stereo call in jsonl, 65 MB in csv.", valueName: "n"))
    var jobs: Int?

    @OptionGroup var coachingOptions: CoachingOptions


    var channelNames: [String?]? {
        channels.flatMap { try? ChannelNames.parse($0) }
    }

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) {
            throw ValidationError("--jobs \(jobs) is out of range (1 to 256 files at once)")
        }
        if let channels { _ = try ChannelNames.parse(channels) }
    }

    func run() throws {
        let coaching = try coachingOptions.load()
        let language = coachingOptions.lang
        let includeFrames = frames ?? (format != .text)
        let format = self.format
        let files = self.files
        let channelNames = self.channelNames
        if let note = channelNames.flatMap(ChannelNames.note) { standardError("tonecoach: note: \(note)") }
        let settings = analysisOptions.settings
        // A parallel file's output waits in memory for its turn, and a long call's frames are
        // hundreds of megabytes: with frames, files stream one at a time unless --jobs says so.
        let jobs = self.jobs ?? (includeFrames ? 1 : ProcessInfo.processInfo.activeProcessorCount)
        // One job at a time streams straight to stdout; parallel jobs keep each file's output
        // until every file before it has been written.
        let streaming = min(jobs, files.count) == 1
        let stdout = OutputWriter()
        switch (format, includeFrames) {
        case (.csv, true): stdout.line(CSVReporter.header)
        case (.csv, false): stdout.line(CallTableReporter.header)
        default: break
        }
        stdout.flush()

        let batch = AnalysisBatch<FileOutcome>(count: files.count, jobs: jobs) { index in
            let output = streaming ? OutputWriter() : OutputWriter.collecting()
            let reporter: Reporter
            switch (format, includeFrames) {
            case (.text, _): reporter = TextReporter(output: output, includeFrames: includeFrames, language: language)
            case (.jsonl, _): reporter = JSONLinesReporter(output: output, includeFrames: includeFrames)
            case (.csv, true): reporter = CSVReporter(output: output)
            case (.csv, false): reporter = CallTableReporter(output: output)
            }
            var outcome = FileOutcome()
            do throws(AnalysisError) {
                let analysis = try OfflineAnalysis(
                    path: files[index], channelNames: channelNames, settings: settings, cues: coaching.cues)
                reporter.begin(StreamInfo(analysis))
                let summaries = try analysis.run(
                    onFrame: { channel, frame in reporter.frame(channel: channel, frame) },
                    onCue: { cue in reporter.cue(cue, message: coaching.message(cue.kind, language: language)) },
                    onEvent: { event in reporter.conversation(event) })
                outcome.warnings = analysis.reader.warnings + analysis.sampleWarnings
                for warning in outcome.warnings { reporter.warning(warning) }
                reporter.end(summaries: summaries)
            } catch {
                outcome.error = error.description
                reporter.failed(source: files[index], reason: error.reason)
            }
            if streaming { output.flush() }
            outcome.output = output.collected
            return outcome
        }

        let progress = BatchProgress(total: files.count)
        var failures = 0
        batch.run { index, outcome in
            progress.clear()
            stdout.bytes(outcome.output)
            stdout.flush()
            for warning in outcome.warnings { standardError("tonecoach: warning: \(files[index]): \(warning)") }
            if let error = outcome.error {
                failures += 1
                standardError("tonecoach: error: \(error)")
            }
            progress.show(done: index + 1, failures: failures)
        }
        progress.clear()
        if failures > 0 {
            if files.count > 1 { standardError("tonecoach: \(failures) of \(files.count) files could not be analysed") }
            throw ExitCode(1)
        }
    }
}

/// What analysing one file produced: its output (for a parallel batch), and what to say on stderr.
struct FileOutcome: Sendable {
    var output: [UInt8] = []
    var warnings: [String] = []
    var error: String?
}

/// The output formats of `analyze`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl, csv
}
