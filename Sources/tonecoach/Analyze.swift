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

            Encodings: PCM 8/16/24/32-bit, 32/64-bit float, G.711 µ-law and A-law, \
            WAVE_FORMAT_EXTENSIBLE, at 8 to 48 kHz.

            Output formats:
              text   a readable summary per file and channel (default)
              jsonl  one JSON object per line: a "frame" per hop and channel, then a \
            "summary" per channel (see README for the fields)
              csv    one row per hop and channel, with a header row

            If a file cannot be analysed, ToneCoach says why on stderr, goes on with the \
            others, and exits with status 1.

            Examples:
              tonecoach analyze call.wav
              tonecoach analyze --channels customer,agent --format jsonl call.wav
              tonecoach analyze --channels -,customer --format csv call.wav > customer.csv
              tonecoach analyze --no-frames --format jsonl recordings/*.wav
            """
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
            discussion: "Default: 'mono' for one channel, 'agent,customer' for two.",
            valueName: "names"))
    var channels: String?

    @Option(name: .customLong("hop-ms"), help: "Milliseconds between frames (5 to 50).")
    var hopMilliseconds: Double = AnalysisSettings.defaultHopSeconds * 1000

    @Option(name: .customLong("pitch-min"), help: "Lowest pitch searched, in Hz.")
    var pitchMinHz: Float = AnalysisSettings.defaultPitchMinHz

    @Option(name: .customLong("pitch-max"), help: "Highest pitch searched, in Hz.")
    var pitchMaxHz: Float = AnalysisSettings.defaultPitchMaxHz

    @OptionGroup var coachingOptions: CoachingOptions


    var settings: AnalysisSettings {
        AnalysisSettings(hopSeconds: hopMilliseconds / 1000, pitchMinHz: pitchMinHz, pitchMaxHz: pitchMaxHz)
    }

    var channelNames: [String?]? {
        channels.map(parseChannelNames)
    }

    func validate() throws {
        if format == .csv && frames == false {
            throw ValidationError("--format csv writes frames; --no-frames would leave nothing to write")
        }
        if let names = channelNames {
            guard (1...2).contains(names.count), names.allSatisfy({ $0?.isEmpty != true }) else {
                throw ValidationError(
                    "--channels takes one or two names separated by a comma, '-' to skip one (e.g. agent,customer)")
            }
        }
        // Any rate in range will do for checking the settings themselves; each file's rate is checked when opened.
        do {
            try settings.validate(sampleRate: 48000)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let coaching = try coachingOptions.load()
        let language = coachingOptions.lang
        let output = OutputWriter()
        let includeFrames = frames ?? (format != .text)
        var reporter: Reporter
        switch format {
        case .text: reporter = TextReporter(output: output, includeFrames: includeFrames, language: language)
        case .jsonl: reporter = JSONLinesReporter(output: output, includeFrames: includeFrames)
        case .csv: reporter = CSVReporter(output: output)
        }
        var failures = 0
        for path in files {
            do {
                let analysis = try OfflineAnalysis(
                    path: path, channelNames: channelNames, settings: settings, cues: coaching.cues)
                for warning in analysis.reader.warnings {
                    output.flush()
                    standardError("tonecoach: warning: \(path): \(warning)")
                }
                reporter.begin(StreamInfo(analysis))
                let summaries = try analysis.run(
                    onFrame: { channel, frame in reporter.frame(channel: channel, frame) },
                    onCue: { cue in reporter.cue(cue, message: coaching.message(cue.kind, language: language)) },
                    onEvent: { event in reporter.conversation(event) })
                reporter.end(summaries: summaries)
            } catch {
                failures += 1
                output.flush()
                standardError("tonecoach: error: \(error.description)")
            }
        }
        output.flush()
        if failures > 0 {
            throw ExitCode(1)
        }
    }
}

/// The output formats of `analyze`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl, csv
}

/// Writes a line to standard error.
func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
