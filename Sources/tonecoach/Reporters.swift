import Core
import Engine
import Foundation
import Reporting

/// What is being analysed: a recording or a live source.
struct StreamInfo {
    /// The file path, or the capture device's name.
    var source: String
    /// Names of the analysed channels, in output order.
    var channelNames: [String]
    var sampleRate: Int
    var channelCount: Int
    /// Container and encoding ("WAV, G.711 µ-law"), or the capture format.
    var formatDescription: String
    /// Length of a recording; nil for a live source.
    var durationSeconds: Double?

    init(_ analysis: OfflineAnalysis) {
        source = analysis.reader.path
        channelNames = analysis.channels.map(\.name)
        sampleRate = analysis.reader.sampleRate
        channelCount = analysis.reader.channelCount
        formatDescription = analysis.reader.formatDescription
        durationSeconds = Double(analysis.reader.frameCount) / Double(analysis.reader.sampleRate)
    }

    init(source: String, channelNames: [String], sampleRate: Int, channelCount: Int, formatDescription: String) {
        self.source = source
        self.channelNames = channelNames
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.formatDescription = formatDescription
        durationSeconds = nil
    }
}

/// Turns an analysis into one of the output formats.
protocol Reporter: AnyObject {
    func begin(_ info: StreamInfo)
    func frame(channel: Int, _ frame: ProsodyFrame)
    func cue(_ cue: Cue, message: String)
    func conversation(_ event: ConversationEvent)
    /// Something odd about the file that did not stop its analysis (also said on stderr).
    func warning(_ text: String)
    func end(summaries: [ChannelSummary])
    /// A file that could not be analysed (also said on stderr), for formats that list every file.
    func failed(source: String, reason: String)
}

extension Reporter {
    func warning(_ text: String) {}
    func failed(source: String, reason: String) {}
}

/// `--format jsonl`: one JSON object per line; the schema is documented in README and
/// written by ``JSONLineEncoder``.
final class JSONLinesReporter: Reporter {
    private let output: OutputWriter
    private let includeFrames: Bool
    private var encoder = JSONLineEncoder(source: "", channelNames: [], sampleRate: 0, format: "")

    init(output: OutputWriter, includeFrames: Bool) {
        self.output = output
        self.includeFrames = includeFrames
    }

    func begin(_ info: StreamInfo) {
        encoder = JSONLineEncoder(
            source: info.source, channelNames: info.channelNames, sampleRate: info.sampleRate,
            format: info.formatDescription)
    }

    func cue(_ cue: Cue, message: String) { output.line(encoder.cue(cue, message: message)) }

    func conversation(_ event: ConversationEvent) { output.line(encoder.conversation(event)) }

    func warning(_ text: String) { output.line(encoder.warning(text)) }

    func failed(source: String, reason: String) { output.line(JSONLineEncoder.error(source: source, reason: reason)) }

    func event(_ name: String, t: Double, detail: String?) { output.line(encoder.event(name, t: t, detail: detail)) }

    func statistics(_ s: LiveStatistics) { output.line(encoder.statistics(s)) }

    func frame(channel: Int, _ frame: ProsodyFrame) {
        guard includeFrames else { return }
        output.line(encoder.frame(channel: channel, frame))
    }

    func end(summaries: [ChannelSummary]) {
        for (channel, summary) in summaries.enumerated() { output.line(encoder.summary(channel: channel, summary)) }
    }
}

/// `--format csv`: one row per hop and channel.
final class CSVReporter: Reporter {
    static let header =
        "file,channel,t,f0_hz,voiced,speech,dbfs,loudness_lufs_momentary,loudness_lufs_short_term,"
        + "clarity,pitch_st,pitch_variability_st,articulation_rate_syllables_per_s,syllable"
    private let output: OutputWriter
    private var fileField = ""
    private var channelFields: [String] = []

    /// A reporter for one file's frames; the batch writes ``header`` once, before the first file.
    init(output: OutputWriter) { self.output = output }

    func begin(_ info: StreamInfo) {
        fileField = csvField(info.source)
        channelFields = info.channelNames.map(csvField)
    }

    func frame(channel: Int, _ frame: ProsodyFrame) {
        output.line(
            [
                fileField, channelFields[channel], Number.format(frame.timeSeconds, decimals: 3),
                Number.csv(frame.f0Hz.map(Double.init), decimals: 2), frame.isVoiced ? "1" : "0",
                frame.isSpeech ? "1" : "0", Number.format(Double(frame.levelDBFS), decimals: 2),
                Number.csv(frame.loudnessMomentaryLUFS.map(Double.init), decimals: 2),
                Number.csv(frame.loudnessShortTermLUFS.map(Double.init), decimals: 2),
                Number.format(Double(frame.voicingClarity), decimals: 3),
                Number.csv(frame.pitchSemitones.map(Double.init), decimals: 2),
                Number.csv(frame.pitchVariabilitySemitones.map(Double.init), decimals: 2),
                Number.csv(frame.articulationRateSyllablesPerSecond.map(Double.init), decimals: 2),
                frame.isSyllableNucleus ? "1" : "0",
            ].joined(separator: ","))
    }

    func cue(_ cue: Cue, message: String) {}

    func conversation(_ event: ConversationEvent) {}

    func end(summaries: [ChannelSummary]) {}
}

/// `--format text`: a readable summary, one column per channel.
final class TextReporter: Reporter {
    private let output: OutputWriter
    private let includeFrames: Bool
    private var names: [String] = []
    private var cues: [(Cue, String)] = []
    private var events: [ConversationEvent] = []
    private let language: String

    init(output: OutputWriter, includeFrames: Bool, language: String = "en") {
        self.output = output
        self.includeFrames = includeFrames
        self.language = language
    }

    func cue(_ cue: Cue, message: String) { cues.append((cue, message)) }

    func conversation(_ event: ConversationEvent) { events.append(event) }

    func begin(_ info: StreamInfo) {
        names = info.channelNames
        cues = []
        events = []
        output.line(
            "\(info.source)  (\(info.formatDescription), \(info.channelCount == 1 ? "mono" : "stereo"), "
                + "\(info.sampleRate) Hz" + (info.durationSeconds.map { ", \(Self.duration($0)))" } ?? ")"))
        if includeFrames {
            output.line("  time     channel     pitch     level  loudness  speech")
        }
    }

    func frame(channel: Int, _ frame: ProsodyFrame) {
        guard includeFrames else { return }
        let pitch = frame.f0Hz.map { Self.fixed(Double($0), 1) + " Hz" } ?? "-"
        let loudness = frame.loudnessMomentaryLUFS.map { Self.fixed(Double($0), 1) } ?? "-"
        output.line(
            "  " + Self.pad(Self.fixed(frame.timeSeconds, 2), 7) + "  " + Self.pad(names[channel], 10, left: true)
                + Self.pad(pitch, 10) + Self.pad(Self.fixed(Double(frame.levelDBFS), 1), 10)
                + Self.pad(loudness, 10) + "  " + (frame.isSpeech ? "speech" : ""))
    }

    func end(summaries: [ChannelSummary]) {
        let rows: [(String, (ChannelSummary) -> String)] = [
            ("speech", { "\(Self.fixed($0.speechSeconds, 1)) s of \(Self.fixed($0.durationSeconds, 1)) s" }),
            ("loudness (integrated)", { $0.loudnessIntegratedLUFS.map { "\(Self.fixed($0, 1)) LUFS" } ?? "silent" }),
            ("speech rate", { "\(Self.fixed($0.speechRateSyllablesPerSecond, 1)) syllables/s" }),
            (
                "articulation rate",
                { $0.articulationRateSyllablesPerSecond.map { "\(Self.fixed($0, 1)) syllables/s" } ?? "-" }
            ),
            ("pitch median", { $0.pitchMedianHz.map { "\(Self.fixed($0, 0)) Hz" } ?? "-" }),
            ("pitch variability", { $0.pitchStdSemitones.map { "\(Self.fixed($0, 1)) semitones" } ?? "-" }),
            (
                "pauses",
                { s in "\(s.pauses)" + (s.pauseMeanSeconds.map { " (mean \(Self.fixed($0, 2)) s)" } ?? "") }
            ),
        ]
        let cells = rows.map { row in summaries.map(row.1) }
        let width = max(12, (cells.flatMap { $0 } + names).map(\.count).max() ?? 12) + 2
        output.line(Self.trimmed(Self.pad("", 24, left: true) + names.map { Self.pad($0, width, left: true) }.joined()))
        for (row, values) in zip(rows, cells) {
            output.line(
                Self.trimmed("  " + Self.pad(row.0, 22, left: true) + values.map { Self.pad($0, width, left: true) }.joined()))
        }
        if cues.isEmpty {
            output.line("  cues                  none")
        } else {
            for (index, (cue, message)) in cues.enumerated() {
                let time = String(format: "%02d:%04.1f", Int(cue.timeSeconds) / 60, cue.timeSeconds.truncatingRemainder(dividingBy: 60))
                output.line("  " + Self.pad(index == 0 ? "cues" : "", 22, left: true) + "\(time)  \(names[cue.channel]): \(message)")
            }
        }
        for (index, event) in events.enumerated() {
            output.line("  " + Self.pad(index == 0 ? "events" : "", 22, left: true) + EventWording.describe(event, language: language))
        }
        output.line("")
    }

    /// `line` without trailing spaces.
    static func trimmed(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60
            ? "\(fixed(seconds, 1)) s"
            : "\(Int(seconds) / 60) min \(fixed(seconds.truncatingRemainder(dividingBy: 60), 0)) s"
    }

    static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + padding : padding + text
    }
}
