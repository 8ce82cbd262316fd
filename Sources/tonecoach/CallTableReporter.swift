import Core
import Engine
import Reporting

/// `--format csv --no-frames`: one row per call, for a spreadsheet of a whole batch. A file
/// that could not be analysed still gets its row, with the reason, so no call goes missing
/// from the table. Channels fill the `channel1_` and `channel2_` columns in file order, each
/// with its name (`agent`, `customer`, `mono`, or what `--channels` says).
final class CallTableReporter: Reporter {
    /// Per-channel measures, each column prefixed `channel1_` or `channel2_`.
    static let channelColumns = [
        "name", "speech_s", "loudness_integrated_lufs", "speech_rate_syllables_per_s",
        "articulation_rate_syllables_per_s", "pitch_median_hz", "pitch_std_semitones", "pauses", "pause_mean_s",
    ]
    static let header =
        (["file", "status", "problem", "format", "sample_rate_hz", "duration_s", "cues"]
        + ConversationEventKind.allCases.map(\.identifier)
        + (1...2).flatMap { n in channelColumns.map { "channel\(n)_\($0)" } }).joined(separator: ",")

    private let output: OutputWriter
    private var info: StreamInfo?
    private var cueCount = 0
    private var eventCounts: [ConversationEventKind: Int] = [:]
    private var warnings: [String] = []

    /// A reporter for one file's row; the batch writes ``header`` once, before the first file.
    init(output: OutputWriter) { self.output = output }

    func begin(_ info: StreamInfo) {
        self.info = info
        cueCount = 0
        eventCounts = [:]
        warnings = []
    }

    func frame(channel: Int, _ frame: ProsodyFrame) {}

    func cue(_ cue: Cue, message: String) { cueCount += 1 }

    func conversation(_ event: ConversationEvent) { eventCounts[event.kind, default: 0] += 1 }

    func warning(_ text: String) { warnings.append(text) }

    func end(summaries: [ChannelSummary]) {
        guard let info else { return }
        var cells = [
            csvField(info.source), warnings.isEmpty ? "ok" : "warning", csvField(warnings.joined(separator: "; ")),
            csvField(info.formatDescription), "\(info.sampleRate)",
            Number.csv(info.durationSeconds, decimals: 3), "\(cueCount)",
        ]
        // Conversation events exist only between two named sides; a one-sided file leaves them empty.
        let twoSided = summaries.count == 2
        cells += ConversationEventKind.allCases.map { twoSided ? "\(eventCounts[$0, default: 0])" : "" }
        for index in 0..<2 {
            guard index < summaries.count else {
                cells += Array(repeating: "", count: Self.channelColumns.count)
                continue
            }
            let s = summaries[index]
            cells += [
                csvField(info.channelNames[index]), Number.format(s.speechSeconds, decimals: 2),
                Number.csv(s.loudnessIntegratedLUFS, decimals: 2),
                Number.format(s.speechRateSyllablesPerSecond, decimals: 2),
                Number.csv(s.articulationRateSyllablesPerSecond, decimals: 2),
                Number.csv(s.pitchMedianHz, decimals: 1), Number.csv(s.pitchStdSemitones, decimals: 2),
                "\(s.pauses)", Number.csv(s.pauseMeanSeconds, decimals: 2),
            ]
        }
        output.line(cells.joined(separator: ","))
        self.info = nil
    }

    func failed(source: String, reason: String) {
        let empty = Self.header.split(separator: ",").count - 3
        output.line(([csvField(source), "error", csvField(reason)] + Array(repeating: "", count: empty)).joined(separator: ","))
    }
}
