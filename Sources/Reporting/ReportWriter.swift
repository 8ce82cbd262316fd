import Coaching
import Core
import Foundation

/// Builds the after-call report: well-formed HTML (it parses as XML) with inline SVG plots,
/// no scripts and no external references.
public struct ReportWriter {
    let file: String
    let format: String
    let sampleRate: Int
    let timeline: CallTimeline
    let summaries: [ChannelSummary]
    let cues: [(Cue, String)]
    /// The conversation events, in time order.
    let events: [ConversationEvent]
    /// The profile's thresholds: the report judges by the same numbers as the cues.
    let settings: LiveCueSettings
    let language: String
    let callID: String?
    let agentName: String?

    private var words: ReportWords { ReportWords.language(language) }

    /// A report of `file` from its analysis: the timeline, each channel's summary, the cues
    /// with their texts, the conversation events, judged by the profile's `settings`.
    public init(
        file: String, format: String, sampleRate: Int, timeline: CallTimeline, summaries: [ChannelSummary],
        cues: [(Cue, String)], events: [ConversationEvent], settings: LiveCueSettings, language: String,
        callID: String?, agentName: String?
    ) {
        self.file = file
        self.format = format
        self.sampleRate = sampleRate
        self.timeline = timeline
        self.summaries = summaries
        self.cues = cues
        self.events = events
        self.settings = settings
        self.language = language
        self.callID = callID
        self.agentName = agentName
    }

    static let plotWidth = 900.0
    static let panelHeight = 110.0
    static let left = 60.0

    /// The report: one self-contained HTML document.
    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="\(escape(language))">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(escape(words.title)) — \(escape(callName))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1em auto; max-width: 1000px; padding: 0 0.8em; color: #222; }
            svg { max-width: 100%; height: auto; }
            h1 { margin-bottom: 0.2em; } .meta { color: #666; margin-top: 0; }
            section { margin: 1.5em 0; } table { border-collapse: collapse; }
            td, th { padding: 0.2em 0.8em; text-align: left; border-bottom: 1px solid #eee; }
            .try { background: #fff6d8; padding: 0.6em 1em; border-left: 4px solid #e0a800; }
            .legend span { display: inline-block; margin-right: 1.2em; }
            .swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: middle; margin-right: 0.3em; }
            footer { color: #888; font-size: 0.9em; margin-top: 3em; }
            </style>
            </head>
            <body>
            <h1>\(escape(words.title)): \(escape(callName))</h1>
            <p class="meta">\(escape(metaLine))</p>

            """
        page += plainWords()
        page += story()
        page += cueList()
        for (position, name) in timeline.channels.enumerated() where position < summaries.count {
            page += channelSection(position: position, name: name, summary: summaries[position])
        }
        page += """
            <footer>\(escape(words.footer))</footer>
            </body>
            </html>

            """
        return page
    }

    // MARK: In plain words

    private var agent: Int? { timeline.channels.firstIndex(of: "agent") ?? (timeline.channels.count == 1 ? 0 : nil) }
    private var customer: Int? {
        guard let agent, timeline.channels.count == 2 else { return nil }
        return timeline.channels.firstIndex(of: "customer") ?? 1 - agent
    }

    /// The call's name in the header: its id when given, else the file name.
    private var callName: String { callID ?? (file as NSString).lastPathComponent }

    private var metaLine: String {
        var parts: [String] = []
        if let agentName { parts.append("\(words.agent): \(agentName)") }
        if callID != nil { parts.append((file as NSString).lastPathComponent) }
        parts += [format, "\(sampleRate) Hz", clock(timeline.durationSeconds)]
        return parts.joined(separator: " · ")
    }

    /// Advice by the profile's own thresholds (the numbers the cues use), never praise and
    /// criticism of the same thing: a measure whose cue fired during the call is not praised.
    private func plainWords() -> String {
        guard let agent else { return "" }
        let s = summaries[agent]
        let fired = Set(cues.map(\.0.kind))
        var good: [String] = []
        var tips: [String] = []
        if let rate = s.articulationRateSyllablesPerSecond {
            let text = fixed(rate, 1)
            if rate > Double(settings.fastRate) {
                tips.append(words.paceFast(text, fixed(Double(settings.fastRate), 1)))
            } else if rate < Double(settings.slowRate) {
                tips.append(words.paceSlow(text, fixed(Double(settings.slowRate), 1)))
            } else if !fired.contains(.slowDown) && !fired.contains(.speedUp) {
                good.append(words.paceGood(text))
            }
        }
        if let spread = s.pitchStdSemitones {
            if spread < Double(settings.flatExitSemitones) {
                tips.append(words.flat(fixed(spread, 1)))
            } else if !fired.contains(.liftTone) {
                good.append(words.lively(fixed(spread, 1)))
            }
        }
        if let loudness = s.loudnessIntegratedLUFS {
            let text = fixed(loudness, 1)
            if loudness > Double(settings.loudLUFS) {
                tips.append(words.volumeLoud(text))
            } else if loudness < Double(settings.quietLUFS) {
                tips.append(words.volumeQuiet(text))
            } else if fired.isDisjoint(with: [.lowerVoice, .speakUp, .shouting]) {
                good.append(words.volumeGood(text))
            }
        }
        if let customer {
            let mine = s.speechSeconds
            let theirs = summaries[customer].speechSeconds
            if mine + theirs > 0 {
                let share = mine / (mine + theirs)
                let percent = Int((share * 100).rounded())
                if share > Double(settings.dominatingExitShare) {
                    tips.append(words.roomTip(percent))
                } else if !fired.contains(.letCustomerTalk) {
                    good.append(words.roomGood(percent))
                }
            }
            let overtalk = events.filter { $0.kind == .agentCutIn || $0.kind == .customerCutIn }.count
            if overtalk == 0 {
                good.append(words.noOvertalk)
            } else {
                tips.append(words.overtalkTip(overtalk))
            }
        }
        // The one thing to try: the most frequent cue, else the first weakness, else encouragement.
        var counts: [CueKind: Int] = [:]
        for (cue, _) in cues { counts[cue.kind, default: 0] += 1 }
        let frequent = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }
        let tryNext =
            frequent.flatMap { kind, count in cues.first { $0.0.kind == kind }.map { words.cueCame($0.1, count) } }
            ?? tips.first ?? words.keepGoing
        var html = "<section><h2>\(escape(words.plainWords))</h2>\n"
        if !good.isEmpty {
            html += "<p>\(escape(words.wentWell))</p>\n<ul>\n" + good.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        html += "<p class=\"try\"><strong>\(escape(words.tryNext))</strong> \(escape(tryNext))</p>\n</section>\n"
        return html
    }

    /// Who spoke when, with the conversation events marked and named.
    private func story() -> String {
        guard timeline.channels.count == 2, let agent, let customer else { return "" }
        var html = "<section><h2>\(escape(words.story))</h2>\n"
        let width = Self.left + Self.plotWidth + 20
        let rowHeight = 22.0
        let height = 2 * rowHeight + 40
        let xScale = Self.plotWidth / max(timeline.durationSeconds, 0.1)
        func x(_ t: Double) -> Double { Self.left + t * xScale }
        html += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        for (row, (position, label)) in [(agent, words.agent), (customer, words.customer)].enumerated() {
            let top = 6 + Double(row) * (rowHeight + 4)
            html += "<text x=\"\(f(Self.left - 4))\" y=\"\(f(top + 15))\" text-anchor=\"end\">\(escape(label))</text>\n"
            html += "<rect x=\"\(f(Self.left))\" y=\"\(f(top))\" width=\"\(f(Self.plotWidth))\" height=\"\(f(rowHeight))\" fill=\"#f4f4f4\"/>\n"
            for (index, bucket) in timeline.buckets[position].enumerated() where bucket.hops > 0 && bucket.speechHops * 2 >= bucket.hops {
                let t = Double(index) * timeline.bucketSeconds
                html += "<rect x=\"\(f(x(t)))\" y=\"\(f(top))\" width=\"\(f(max(timeline.bucketSeconds * xScale, 0.5)))\" "
                    + "height=\"\(f(rowHeight))\" fill=\"\(row == 0 ? "#1c5d99" : "#6c9a3b")\"/>\n"
            }
        }
        let eventsTop = 6.0
        let eventsHeight = 2 * rowHeight + 4
        for event in events {
            let color = event.kind == .deadAir ? "#868e96" : event.kind == .customerUpset ? "#e8590c" : "#c92a2a"
            html += "<rect x=\"\(f(x(event.startSeconds)))\" y=\"\(f(eventsTop))\" "
                + "width=\"\(f(max(event.seconds * xScale, 2)))\" height=\"\(f(eventsHeight))\" fill=\"none\" "
                + "stroke=\"\(color)\" stroke-width=\"2\"><title>\(escape(EventWording.describe(event, language: language)))</title></rect>\n"
        }
        html += timeAxis(x: x, y: eventsTop + eventsHeight + 16)
        html += "</svg>\n"
        if events.isEmpty {
            html += "<p>\(escape(words.noEvents))</p>\n"
        } else {
            html += "<ul class=\"events\">\n"
                + events.map { "<li>\(escape(EventWording.describe($0, language: language)))</li>\n" }.joined() + "</ul>\n"
        }
        return html + "</section>\n"
    }

    private func cueList() -> String {
        var html = "<section><h2>\(escape(words.cuesHeading))</h2>\n"
        if cues.isEmpty {
            return html + "<p>\(escape(words.noCues))</p>\n</section>\n"
        }
        html += "<ol>\n"
        for (cue, message) in cues {
            html += "<li>\(clock(cue.timeSeconds)) — \(escape(timeline.channels[cue.channel])): \(escape(message))</li>\n"
        }
        return html + "</ol>\n</section>\n"
    }

    // MARK: Plots

    private func channelSection(position: Int, name: String, summary s: ChannelSummary) -> String {
        var html = "<section><h2>\(escape(name.prefix(1).uppercased() + name.dropFirst()))</h2>\n<table>\n"
        let rows: [(String, String)] = [
            ("Speaking time", "\(fixed(s.speechSeconds, 1)) s of \(fixed(s.durationSeconds, 1)) s"),
            ("Loudness", s.loudnessIntegratedLUFS.map { "\(fixed($0, 1)) LUFS" } ?? "silent"),
            ("Pace", s.articulationRateSyllablesPerSecond.map { "\(fixed($0, 1)) syllables/s while speaking" } ?? "—"),
            ("Pitch", s.pitchMedianHz.map { "median \(fixed($0, 0)) Hz" } ?? "—"),
            ("Pitch movement", s.pitchStdSemitones.map { "\(fixed($0, 1)) semitones" } ?? "—"),
            ("Pauses", "\(s.pauses)" + (s.pauseMeanSeconds.map { ", mean \(fixed($0, 2)) s" } ?? "")),
        ]
        for (label, value) in rows { html += "<tr><th>\(label)</th><td>\(escape(value))</td></tr>\n" }
        html += "</table>\n"
        html += svg(position: position)
        html += """
            <p class="legend"><span><i class="swatch" style="background:#dcefff"></i>\(escape(words.speech))</span>\
            <span><i class="swatch" style="background:#ffc9c9"></i>\(escape(words.bothSpeaking))</span>\
            <span><i class="swatch" style="background:#d9480f"></i>\(escape(words.cue))</span></p>
            </section>

            """
        return html
    }

    private func svg(position: Int) -> String {
        let buckets = timeline.buckets[position]
        let width = Self.left + Self.plotWidth + 20
        // Title, range, logarithmic, gridlines with their unit, and the value of a bucket (pace only
        // where there was speech: it is not drawn through silence).
        let panels: [(String, Double, Double, Bool, [Double], String, (CallTimeline.Bucket) -> Double?)] = [
            ("Pitch", 60, 500, true, [100, 200, 400], "Hz", { $0.f0Count > 0 ? $0.f0Sum / Double($0.f0Count) : nil }),
            ("Loudness", -60, 0, false, [-50, -40, -30, -20, -10], "LUFS",
             { $0.loudnessCount > 0 ? $0.loudnessSum / Double($0.loudnessCount) : nil }),
            ("Pace", 0, 10, false, [2, 4, 6, 8], "syl/s", { $0.speechHops > 0 ? $0.rate : nil }),
        ]
        let height = Double(panels.count) * (Self.panelHeight + 20) + 30
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        let xScale = Self.plotWidth / max(timeline.durationSeconds, 0.1)
        func x(_ t: Double) -> Double { Self.left + t * xScale }
        for (panel, (title, low, high, logarithmic, grid, unit, value)) in panels.enumerated() {
            let top = Double(panel) * (Self.panelHeight + 20) + 10
            func y(_ v: Double) -> Double {
                let clamped = min(max(v, low), high)
                let fraction = logarithmic ? log(clamped / low) / log(high / low) : (clamped - low) / (high - low)
                return top + Self.panelHeight * (1 - fraction)
            }
            svg += "<rect x=\"\(f(Self.left))\" y=\"\(f(top))\" width=\"\(f(Self.plotWidth))\" height=\"\(f(Self.panelHeight))\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n"
            // Speech and overtalk bands.
            for (index, bucket) in buckets.enumerated() {
                let t = Double(index) * timeline.bucketSeconds
                if timeline.overlap[index] > 0 {
                    svg += band(x(t), top, timeline.bucketSeconds * xScale, "#ffc9c9")
                } else if bucket.hops > 0 && bucket.speechHops * 2 >= bucket.hops {
                    svg += band(x(t), top, timeline.bucketSeconds * xScale, "#dcefff")
                }
            }
            for level in grid {
                svg += "<line x1=\"\(f(Self.left))\" y1=\"\(f(y(level)))\" x2=\"\(f(Self.left + Self.plotWidth))\" "
                    + "y2=\"\(f(y(level)))\" stroke=\"#ddd\"/>\n"
                svg += "<text x=\"\(f(Self.left - 4))\" y=\"\(f(y(level) + 4))\" text-anchor=\"end\">\(Int(level)) \(unit)</text>\n"
            }
            svg += "<text x=\"\(f(Self.left + 6))\" y=\"\(f(top + 13))\" fill=\"#555\">\(escape(title)) (\(unit))</text>\n"
            // The series, broken where there is nothing to show.
            var path = ""
            var drawing = false
            for (index, bucket) in buckets.enumerated() {
                guard let v = value(bucket) else {
                    drawing = false
                    continue
                }
                let t = (Double(index) + 0.5) * timeline.bucketSeconds
                path += "\(drawing ? "L" : "M")\(f(x(t))),\(f(y(v))) "
                drawing = true
            }
            if !path.isEmpty {
                svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#1c5d99\" stroke-width=\"1.5\"/>\n"
            }
            for (cue, message) in cues {
                svg += "<line x1=\"\(f(x(cue.timeSeconds)))\" y1=\"\(f(top))\" x2=\"\(f(x(cue.timeSeconds)))\" "
                    + "y2=\"\(f(top + Self.panelHeight))\" stroke=\"#d9480f\" stroke-dasharray=\"4 3\">"
                    + "<title>\(escape(clock(cue.timeSeconds) + " " + message))</title></line>\n"
            }
        }
        svg += timeAxis(x: x, y: Double(panels.count) * (Self.panelHeight + 20) + 17)
        return svg + "</svg>\n"
    }

    /// Minute:second labels under a plot, at a step that leaves room between them.
    private func timeAxis(x: (Double) -> Double, y: Double) -> String {
        let step = [5.0, 10, 30, 60, 120, 300, 600].first { timeline.durationSeconds / $0 <= 12 } ?? 1200
        var svg = ""
        var t = 0.0
        while t <= timeline.durationSeconds {
            svg += "<text x=\"\(f(x(t)))\" y=\"\(f(y))\" text-anchor=\"middle\">\(clock(t))</text>\n"
            t += step
        }
        return svg
    }

    private func band(_ x: Double, _ top: Double, _ width: Double, _ color: String) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(top))\" width=\"\(f(max(width, 0.5)))\" height=\"\(f(Self.panelHeight))\" fill=\"\(color)\"/>\n"
    }

    // MARK: Text helpers

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
    private func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
    private func clock(_ seconds: Double) -> String { EventWording.clock(seconds) }

    /// Escapes text for HTML and XML alike.
    private func escape<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
