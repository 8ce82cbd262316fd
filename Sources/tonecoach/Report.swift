import ArgumentParser
import Coaching
import Core
import Engine
import Foundation

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

    @OptionGroup var coachingOptions: CoachingOptions

    @Option(name: .customLong("call-id"), help: "The call's id, shown in the report's header.")
    var callID: String?

    @Option(help: "The agent's name, shown in the report's header.")
    var agent: String?

    func run() throws {
        let coaching = try coachingOptions.load()
        let names: [String?]? = channels.map(parseChannelNames)
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
            analysis = try OfflineAnalysis(path: file, channelNames: names, cues: coaching.cues)
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
            print("Report written to \(target.path)")
        }
    }

    /// FILE with its extension replaced by `.html` (`call.wav` → `call.html`); `call.html`
    /// itself would be the input, so it gets `call.report.html`.
    static func defaultOutput(for file: String) -> String {
        let base = (file as NSString).deletingPathExtension
        return base + (file == base + ".html" ? ".report.html" : ".html")
    }
}

/// The call's frames reduced to buckets: at most ~1500 per channel for a recording of known
/// length, 100 ms each (growing as it goes) for a live call.
struct CallTimeline {
    struct Bucket {
        var f0Sum = 0.0, f0Count = 0
        var loudnessSum = 0.0, loudnessCount = 0
        var rate: Double? = nil
        var speechHops = 0, hops = 0
    }

    let channels: [String]
    private(set) var durationSeconds: Double
    let bucketSeconds: Double
    private(set) var buckets: [[Bucket]]
    /// Hops where two channels spoke at once, per bucket.
    private(set) var overlap: [Int]
    private var hopSpeech: [Bool]

    init(channels: [String], durationSeconds: Double?) {
        self.channels = channels
        self.durationSeconds = durationSeconds ?? 0
        bucketSeconds = max(0.1, (durationSeconds ?? 0) / 1500)
        let count = Int(((durationSeconds ?? 0) / bucketSeconds).rounded(.up)) + 1
        buckets = Array(repeating: Array(repeating: Bucket(), count: count), count: channels.count)
        overlap = Array(repeating: 0, count: count)
        hopSpeech = Array(repeating: false, count: channels.count)
    }

    mutating func add(position: Int, frame: ProsodyFrame) {
        let index = Int(frame.timeSeconds / bucketSeconds)
        while index >= overlap.count {
            for c in buckets.indices { buckets[c].append(Bucket()) }
            overlap.append(0)
        }
        durationSeconds = max(durationSeconds, frame.timeSeconds)
        var bucket = buckets[position][index]
        bucket.hops += 1
        if frame.isSpeech { bucket.speechHops += 1 }
        if frame.isSpeech, let f0 = frame.f0Hz {
            bucket.f0Sum += Double(f0)
            bucket.f0Count += 1
        }
        if let loudness = frame.loudnessMomentaryLUFS {
            bucket.loudnessSum += Double(loudness)
            bucket.loudnessCount += 1
        }
        if let rate = frame.articulationRateSyllablesPerSecond { bucket.rate = Double(rate) }
        buckets[position][index] = bucket
        hopSpeech[position] = frame.isSpeech
        if position == channels.count - 1 && channels.count == 2 && hopSpeech[0] && hopSpeech[1] {
            overlap[index] += 1
        }
    }
}
