import ArgumentParser
import AudioIO
import Coaching
import Core
import Engine
import Foundation
import Reporting
import LivePage

/// `tonecoach live`: listen to a headset and coach while the call goes on.
struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Listen to a headset through ALSA and show live cues; Ctrl-C ends and prints the call summary.",
        discussion: """
            The agent sees one short cue at a time ("Slow down", "Lower your voice", "Lift your \
            tone — you sound flat") and a compact live line with pitch, loudness and pace. On a \
            terminal the line redraws in place; piped, it becomes one plain line per second.

            No headset at hand? Feed a recording through the live path at real time:
              tonecoach live --simulate Tests/Fixtures/example-call.wav

            Or any ALSA PCM, for example the 'file' plugin reading raw audio (no sound card):
              ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:my.asoundrc tonecoach live --device myfile

            A headset unplugged mid-call is reported and reopened when it comes back; overruns \
            are recovered and counted. The summary reports latency (capture of a hop's last \
            sample to its frame) as p50, p99 and maximum.
            """)

    @Option(help: "ALSA capture device (see 'tonecoach devices').")
    var device = "default"

    @Option(
        name: .customLong("customer-device"),
        help: ArgumentHelp(
            "A second ALSA capture device with the customer's side of the call (see README: a loopback or monitor of the softphone).",
            discussion: "The two streams are aligned by their capture timestamps; the channels are agent and customer.",
            valueName: "device"))
    var customerDevice: String?

    @Option(help: ArgumentHelp("Play a recording through the live path at real time instead of capturing.", valueName: "file"))
    var simulate: String?

    @Option(parsing: .unconditional, help: "Sample rate to ask the device for (default: its native rate nearest 16000 Hz).")
    var rate: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Names for the channels in order, comma-separated; '-' skips one. Two names capture stereo.",
            discussion: "Default: 'agent' for a mono headset; 'agent,customer' for a stereo recording.",
            valueName: "names"))
    var channels: String?

    @Option(help: "Output format: text (live line and cues) or jsonl (frames, cues, events, summary).")
    var format: LiveFormat = .text

    @Flag(inversion: .prefixedNo, help: "Include per-hop frames in jsonl output (default: on).")
    var frames = true

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop after this many seconds of audio.", valueName: "seconds"))
    var duration: Double?

    @OptionGroup var analysisOptions: AnalysisOptions

    @OptionGroup var coachingOptions: CoachingOptions


    @Option(help: ArgumentHelp("At the end, write the after-call report (HTML) to this file.", valueName: "file"))
    var report: String?

    @Option(
        help: ArgumentHelp(
            "Serve the agent's live page on [HOST:]PORT while the session runs (host default 127.0.0.1).",
            discussion: "Open it in a small always-on-top window: chromium --app=http://127.0.0.1:PORT/",
            valueName: "[host:]port"),
        transform: { try ServeAddress(parsing: $0) })
    var serve: ServeAddress?

    enum LiveFormat: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    /// How long the live page holds a cue before it fades.
    static let pageCueHoldSeconds = 6.0

    /// The longest --duration: far beyond any call, and small enough to count in samples.
    static let longestDuration = 1e6

    func validate() throws {
        if let duration, !(duration > 0 && duration <= Self.longestDuration) {
            throw ValidationError("--duration must be a positive number of seconds, at most \(Int(Self.longestDuration)) (about 11 days)")
        }
        if let rate, !AnalysisSettings.supportedSampleRates.contains(rate) {
            throw ValidationError("--rate \(rate) is out of range (8000 to 48000 Hz)")
        }
        if rate != nil && simulate != nil {
            throw ValidationError("--rate asks a device for a sample rate; --simulate plays a recording at its own rate")
        }
        if device != "default" && simulate != nil {
            throw ValidationError("--device captures live; --simulate plays a recording instead")
        }
        if customerDevice != nil && simulate != nil {
            throw ValidationError("--customer-device captures live; --simulate plays a recording (a stereo one has both sides)")
        }
        if customerDevice != nil, let names = parsedNames, names.count != 2 {
            throw ValidationError("with --customer-device, --channels names two channels: the agent's device, then the customer's")
        }
        if let channels { _ = try ChannelNames.parse(channels) }
    }

    var parsedNames: [String?]? {
        channels.flatMap { try? ChannelNames.parse($0) }
    }

    func run() throws {
        StopSignals.unblock()
        let names = parsedNames ?? (simulate != nil ? nil : customerDevice != nil ? ["agent", "customer"] : ["agent"])
        if let note = parsedNames.flatMap(ChannelNames.note) { standardError("tonecoach: note: \(note)") }
        let source: CaptureSource
        if let simulate {
            source = RecordingCaptureSource(path: simulate)
        } else if let customerDevice {
            source = PairedCaptureSource(
                agent: ALSACaptureDevice(name: device, sampleRate: rate, channels: 1),
                customer: ALSACaptureDevice(name: customerDevice, sampleRate: rate, channels: 1))
        } else {
            source = ALSACaptureDevice(name: device, sampleRate: rate, channels: names?.count ?? 1)
        }
        let coaching = try coachingOptions.load()
        let language = coachingOptions.lang
        let message: (CueKind) -> String = { coaching.message($0, language: language) }
        // The report's path is checked now, not when the call is over.
        var reportTarget: OutputFile?
        if let report {
            do {
                reportTarget = try OutputFile(path: report, inputs: simulate.map { [$0] } ?? [])
            } catch {
                standardError("tonecoach: error: \(error.description)")
                throw ExitCode(1)
            }
        }
        var options = LiveOptions()
        options.cues = coaching.cues
        options.stopAfterSeconds = duration
        let session = LiveSession(
            source: source, channelNames: names, settings: analysisOptions.settings, options: options)
        do {
            try session.start()
        } catch {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
        StopSignals.install()
        for warning in (source as? RecordingCaptureSource)?.warnings ?? [] {
            standardError("tonecoach: warning: \(source.name): \(warning)")
        }

        let output = OutputWriter()
        let info = StreamInfo(
            source: source.name, channelNames: session.channels.map(\.name), sampleRate: session.format.sampleRate,
            channelCount: session.format.channelCount,
            formatDescription: simulate == nil ? "live capture" : "simulated live from a recording")
        let terminalDisplay: LiveDisplay =
            format == .jsonl
            ? JSONLinesLiveDisplay(output: output, info: info, frames: frames, message: message)
            : TextLiveDisplay(
                output: output, info: info, terminal: isatty(STDOUT_FILENO) == 1, settings: coaching.cues,
                words: LivePageWords.words(for: language), message: message)
        var display = terminalDisplay
        var pageServer: LivePageServer?
        if let serve {
            let broadcast = LiveBroadcast(cueHoldSeconds: Self.pageCueHoldSeconds)
            do {
                pageServer = try LivePageServer.startBlocking(
                    host: serve.host, port: serve.port,
                    page: LivePageHTML.page(language: language, holdSeconds: Self.pageCueHoldSeconds),
                    broadcast: broadcast)
            } catch {
                _ = session.stop()
                standardError("tonecoach: error: \(error.description)")
                throw ExitCode(1)
            }
            standardError("tonecoach: live page at \(pageServer!.url) (events at \(pageServer!.url)events)")
            display = FanOutLiveDisplay([
                terminalDisplay,
                LivePageDisplay(broadcast: broadcast, info: info, settings: coaching.cues, message: message),
            ])
        }
        display.begin()
        var timeline = CallTimeline(channels: session.channels.map(\.name), durationSeconds: nil)
        var cues: [(Cue, String)] = []
        let collect = reportTarget != nil
        func drain() {
            session.drain(
                frame: { frame in
                    display.frame(frame)
                    if collect { timeline.add(position: frame.position, frame: frame.frame) }
                },
                cue: { cue in
                    display.cue(cue)
                    if collect { cues.append((cue, message(cue.kind))) }
                },
                event: { display.event($0) })
        }
        while session.isRunning && !interrupted.load(ordering: .relaxed) {
            drain()
            display.tick()
            output.flush()
            usleep(50_000)
        }
        let (summaries, statistics) = session.stop()
        for warning in statistics.sampleWarnings { standardError("tonecoach: warning: \(source.name): \(warning)") }
        drain()
        display.end(summaries: summaries, statistics: statistics)
        output.flush()
        if let pageServer {
            // Let the pages read the summary before the server goes away with the process.
            usleep(300_000)
            pageServer.stop()
        }
        if let reportTarget {
            let html = ReportWriter(
                file: source.name, format: info.formatDescription, sampleRate: info.sampleRate, timeline: timeline,
                summaries: summaries, cues: cues, events: [], settings: coaching.cues, language: language,
                callID: nil, agentName: nil
            ).html()
            do {
                try reportTarget.write(Array(html.utf8))
                standardError("tonecoach: report written to \(reportTarget.path)")
            } catch {
                standardError("tonecoach: error: \(error.description)")
                throw ExitCode(1)
            }
        }
    }
}

/// How a live session is shown.
protocol LiveDisplay: AnyObject {
    func begin()
    func frame(_ frame: ChannelFrame)
    func cue(_ cue: Cue)
    func event(_ event: LiveEvent)
    func tick()
    func end(summaries: [ChannelSummary], statistics: LiveStatistics)
}

extension LiveEvent {
    var name: String {
        switch self {
        case .disconnected: return "disconnected"
        case .reconnected: return "reconnected"
        case .formatChanged: return "format_changed"
        case .endOfStream: return "end_of_stream"
        }
    }

    var sentence: String {
        switch self {
        case .disconnected(let code):
            return "headset disconnected (\(String(cString: strerror(-code)))); waiting for it to come back"
        case .reconnected: return "headset reconnected; listening again"
        case .formatChanged: return "the device came back with a different format; ending the session"
        case .endOfStream: return "the audio ended (end of the recording, or a device that delivers no more)"
        }
    }
}

/// `--format jsonl`: the same schema as `analyze`, plus cues, events and the live statistics.
final class JSONLinesLiveDisplay: LiveDisplay {
    private let reporter: JSONLinesReporter
    private let message: (CueKind) -> String
    private var lastTime = 0.0

    init(output: OutputWriter, info: StreamInfo, frames: Bool, message: @escaping (CueKind) -> String) {
        self.message = message
        reporter = JSONLinesReporter(output: output, includeFrames: frames)
        reporter.begin(info)
    }

    func begin() {}

    func frame(_ frame: ChannelFrame) {
        lastTime = frame.frame.timeSeconds
        reporter.frame(channel: frame.position, frame.frame)
    }

    func cue(_ cue: Cue) { reporter.cue(cue, message: message(cue.kind)) }

    func event(_ event: LiveEvent) {
        var detail: String? = nil
        if case .disconnected(let code) = event { detail = String(cString: strerror(-code)) }
        reporter.event(event.name, t: lastTime, detail: detail)
    }

    func tick() {}

    func end(summaries: [ChannelSummary], statistics: LiveStatistics) {
        reporter.end(summaries: summaries)
        reporter.statistics(statistics)
    }
}

/// `--format text`: one cue at a time and a compact live line. On a terminal the line is
/// redrawn in place at most twice a second, cut to the terminal's width, the cue first and the
/// status in the live page's plain words (the engineer's numbers follow, as far as they fit);
/// piped, it becomes one plain line per second of call.
final class TextLiveDisplay: LiveDisplay {
    static let cueShownSeconds = 5.0
    /// Call time between two redraws of the terminal line.
    static let redrawSeconds = 0.5
    private let output: OutputWriter
    private let info: StreamInfo
    private let terminal: Bool
    private let words: LivePageWords
    private var tracker: LiveStatusTracker
    private let agent: Int
    private var latest: ProsodyFrame?
    private var shownCue: Cue?
    /// Every cue shown, for the end-of-session summary.
    private var shownCues: [Cue] = []
    private var lastPrintedSecond = -1
    private var lastDrawn = -Double.infinity
    private let summary: TextReporter
    private let message: (CueKind) -> String

    init(
        output: OutputWriter, info: StreamInfo, terminal: Bool, settings: LiveCueSettings, words: LivePageWords,
        message: @escaping (CueKind) -> String
    ) {
        self.message = message
        self.output = output
        self.info = info
        self.terminal = terminal
        self.words = words
        let roles = ChannelRole.assign(names: info.channelNames)
        agent = roles.firstIndex(of: .agent) ?? 0
        tracker = LiveStatusTracker(
            settings: settings, agentPosition: agent, customerPosition: roles.firstIndex(of: .customer))
        summary = TextReporter(output: output, includeFrames: false)
    }

    func begin() {
        output.line(
            "Listening on \(info.source) (\(info.sampleRate) Hz, \(info.channelCount == 1 ? "mono" : "stereo")) — Ctrl-C to end.")
    }

    func frame(_ frame: ChannelFrame) {
        tracker.add(position: frame.position, frame: frame.frame)
        if frame.position == agent { latest = frame.frame }
    }

    func cue(_ cue: Cue) {
        shownCue = cue
        shownCues.append(cue)
        let line = "\(Self.clock(cue.timeSeconds))  \(info.channelNames[cue.channel]): \(message(cue.kind))"
        if terminal {
            output.text("\r\u{1B}[2K\u{1B}[1m" + Self.cut(line, to: Self.terminalWidth()) + "\u{1B}[0m\n")
            lastDrawn = -Double.infinity  // the status line below it is drawn afresh at once
        } else {
            output.line(line)
        }
    }

    func event(_ event: LiveEvent) {
        let line = "\(Self.clock(latest?.timeSeconds ?? 0))  \(event.sentence)"
        output.text(terminal ? "\r\u{1B}[2K" + line + "\n" : line + "\n")
    }

    func tick() {
        guard let frame = latest else { return }
        let cue = activeCue(at: frame.timeSeconds).map { message($0.kind) }
        if terminal {
            guard frame.timeSeconds - lastDrawn >= Self.redrawSeconds else { return }
            lastDrawn = frame.timeSeconds
            let line = Self.statusLine(frame, status: tracker.status, words: words, cue: cue)
            output.text("\r\u{1B}[2K" + Self.cut(line, to: Self.terminalWidth()))
        } else if Int(frame.timeSeconds) != lastPrintedSecond {
            lastPrintedSecond = Int(frame.timeSeconds)
            output.line(Self.statusLine(frame, status: tracker.status, words: words, cue: cue))
        }
    }

    func end(summaries: [ChannelSummary], statistics: LiveStatistics) {
        if terminal { output.text("\r\u{1B}[2K") }
        output.line("")
        summary.begin(info)
        for cue in shownCues { summary.cue(cue, message: message(cue.kind)) }
        summary.end(summaries: summaries)
        let latency = [statistics.latencyP50Milliseconds, statistics.latencyP99Milliseconds, statistics.latencyMaxMilliseconds]
            .map { $0.map { String(format: "%.2f", $0) } ?? "-" }
        output.line(
            "  latency (capture to frame): p50 \(latency[0]) ms, p99 \(latency[1]) ms, max \(latency[2]) ms over \(statistics.hops) hops")
        output.line(
            "  overruns \(statistics.overruns), dropped samples \(statistics.droppedSamples), "
                + "gaps \(statistics.gaps) (\(String(format: "%.2f", statistics.gapSeconds)) s of call time without audio), "
                + "disconnects \(statistics.disconnects), reconnects \(statistics.reconnects)")
    }

    private func activeCue(at time: Double) -> Cue? {
        guard let cue = shownCue, time - cue.timeSeconds < Self.cueShownSeconds else { return nil }
        return cue
    }

    /// The live line: clock, the cue on screen, the status in plain words, then the numbers.
    static func statusLine(_ frame: ProsodyFrame, status: LiveStatus, words: LivePageWords, cue: String?) -> String {
        var parts = [clock(frame.timeSeconds)]
        if let cue { parts.append("» " + cue + " «") }
        let activity = [LiveStatus.Activity.talking: words.talking, .listening: words.listening, .silence: words.silence]
        var plain = [activity[status.activity] ?? words.silence]
        if let pace = status.pace {
            plain.append(words.pace + " " + [LiveStatus.Pace.slow: words.slow, .good: words.good, .fast: words.fast][pace]!)
        }
        if let volume = status.volume {
            plain.append(
                words.volume + " " + [LiveStatus.Volume.soft: words.soft, .good: words.good, .loud: words.loud][volume]!)
        }
        if let voice = status.voice {
            plain.append(words.voice + " " + (voice == .flat ? words.flat : words.lively))
        }
        parts.append(plain.joined(separator: " · "))
        var numbers: [String] = []
        if let f0 = frame.f0Hz { numbers.append(String(format: "%.0f Hz", f0)) }
        if let loudness = frame.loudnessShortTermLUFS { numbers.append(String(format: "%.1f LUFS", loudness)) }
        if let rate = frame.articulationRateSyllablesPerSecond { numbers.append(String(format: "%.1f syl/s", rate)) }
        if !numbers.isEmpty { parts.append("(" + numbers.joined(separator: ", ") + ")") }
        return parts.joined(separator: "  ")
    }

    /// `line` cut to fit `width` columns, with an ellipsis when cut; one column stays free so
    /// the cursor never wraps.
    static func cut(_ line: String, to width: Int) -> String {
        let room = max(width - 1, 8)
        guard line.count > room else { return line }
        return String(line.prefix(room - 1)) + "…"
    }

    /// The terminal's width in columns (80 when it cannot be asked).
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }

    static func clock(_ seconds: Double) -> String {
        String(format: "%02d:%04.1f", Int(seconds) / 60, seconds.truncatingRemainder(dividingBy: 60))
    }
}
