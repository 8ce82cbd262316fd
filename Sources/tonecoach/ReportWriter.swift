import Core
import Foundation

/// Builds the after-call report: well-formed HTML (it parses as XML) with inline SVG plots,
/// no scripts and no external references.
struct ReportWriter {
    let file: String
    let format: String
    let sampleRate: Int
    let timeline: CallTimeline
    let summaries: [ChannelSummary]
    let cues: [(Cue, String)]

    static let plotWidth = 900.0
    static let panelHeight = 110.0
    static let left = 60.0

    func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>ToneCoach report — \(escape((file as NSString).lastPathComponent))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
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
            <h1>After-call report</h1>
            <p class="meta">\(escape(file)) · \(escape(format)) · \(sampleRate) Hz · \(clock(timeline.durationSeconds))</p>

            """
        page += plainWords()
        page += cueList()
        for (position, name) in timeline.channels.enumerated() where position < summaries.count {
            page += channelSection(position: position, name: name, summary: summaries[position])
        }
        page += """
            <footer>Made by ToneCoach from measurements only: this report holds no audio.</footer>
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

    private func plainWords() -> String {
        guard let agent else { return "" }
        let s = summaries[agent]
        var good: [String] = []
        var tips: [String] = []
        if let rate = s.articulationRateSyllablesPerSecond {
            if (3.5...5.5).contains(rate) {
                good.append("Your pace was easy to follow (\(fixed(rate, 1)) syllables per second while speaking).")
            } else if rate > 5.5 {
                tips.append("Slow down a little: \(fixed(rate, 1)) syllables per second is quick to follow on a phone line.")
            } else {
                tips.append("Keep the conversation moving: \(fixed(rate, 1)) syllables per second is slow.")
            }
        }
        if let spread = s.pitchStdSemitones {
            if spread >= 2 {
                good.append("Your voice sounded lively (your pitch moved by \(fixed(spread, 1)) semitones).")
            } else {
                tips.append("Let your voice move more — it moved by only \(fixed(spread, 1)) semitones, which can sound flat.")
            }
        }
        if let loudness = s.loudnessIntegratedLUFS {
            if (-30 ... -16).contains(loudness) {
                good.append("Your volume was comfortable (\(fixed(loudness, 1)) LUFS).")
            } else if loudness > -16 {
                tips.append("Lower your voice a little: at \(fixed(loudness, 1)) LUFS you come across loud.")
            } else {
                tips.append("Speak up a little: at \(fixed(loudness, 1)) LUFS you are hard to hear.")
            }
        }
        if let customer {
            let mine = s.speechSeconds
            let theirs = summaries[customer].speechSeconds
            if mine + theirs > 0 {
                let share = mine / (mine + theirs)
                if share <= 0.65 {
                    good.append("You left room for the customer: you did \(Int((share * 100).rounded())) % of the talking.")
                } else {
                    tips.append(
                        "Let the customer talk more: you did \(Int((share * 100).rounded())) % of the talking, and customers want to be heard.")
                }
            }
            let overtalk = Double(timeline.overlap.reduce(0, +)) * 0.01
            if overtalk < 1 {
                good.append("You did not talk over the customer.")
            } else {
                tips.append("Let the customer finish: you both spoke at once for \(fixed(overtalk, 1)) s.")
            }
        }
        if let opening = openingAndClosing(agent) { good.append(opening) }
        // The one thing to try: the most frequent cue, else the first weakness, else encouragement.
        var counts: [CueKind: Int] = [:]
        for (cue, _) in cues { counts[cue.kind, default: 0] += 1 }
        let frequent = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }
        let tryNext =
            frequent.flatMap { kind, count in
                cues.first { $0.0.kind == kind }.map { "\($0.1) — this cue came up \(count) time\(count == 1 ? "" : "s")." }
            } ?? tips.first ?? "Keep doing what you did: nothing in your delivery needed a cue."
        var html = "<section><h2>In plain words</h2>\n"
        if !good.isEmpty {
            html += "<p>What went well:</p>\n<ul>\n" + good.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        html += "<p class=\"try\"><strong>One thing to try on your next call:</strong> \(escape(tryNext))</p>\n</section>\n"
        return html
    }

    /// How the agent's energy at the start and end of the call compared with the rest.
    private func openingAndClosing(_ position: Int) -> String? {
        let buckets = timeline.buckets[position]
        let span = max(1, Int(15 / timeline.bucketSeconds))
        func level(_ range: Range<Int>) -> Double? {
            let chosen = buckets[range].filter { $0.speechHops > 0 && $0.loudnessCount > 0 }
            guard !chosen.isEmpty else { return nil }
            return chosen.map { $0.loudnessSum / Double($0.loudnessCount) }.reduce(0, +) / Double(chosen.count)
        }
        guard buckets.count > 3 * span, let whole = level(0..<buckets.count), let start = level(0..<span),
            let end = level((buckets.count - span)..<buckets.count)
        else { return nil }
        func word(_ difference: Double) -> String {
            difference > 1.5 ? "with more energy than" : difference < -1.5 ? "more quietly than" : "as steadily as"
        }
        return "You opened \(word(start - whole)) the rest of the call and closed \(word(end - whole)) it."
    }

    private func cueList() -> String {
        var html = "<section><h2>Cues during the call</h2>\n"
        if cues.isEmpty {
            return html + "<p>No cue fired: nothing was sustained enough to interrupt you for.</p>\n</section>\n"
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
            <p class="legend"><span><i class="swatch" style="background:#dcefff"></i>speech</span>\
            <span><i class="swatch" style="background:#ffc9c9"></i>both speaking</span>\
            <span><i class="swatch" style="background:#d9480f"></i>cue</span></p>
            </section>

            """
        return html
    }

    private func svg(position: Int) -> String {
        let buckets = timeline.buckets[position]
        let width = Self.left + Self.plotWidth + 20
        let panels: [(String, Double, Double, Bool, (CallTimeline.Bucket) -> Double?)] = [
            ("Pitch (Hz)", 60, 500, true, { $0.f0Count > 0 ? $0.f0Sum / Double($0.f0Count) : nil }),
            ("Loudness (LUFS)", -60, 0, false, { $0.loudnessCount > 0 ? $0.loudnessSum / Double($0.loudnessCount) : nil }),
            ("Pace (syl/s)", 0, 10, false, { $0.rate }),
        ]
        let height = Double(panels.count) * (Self.panelHeight + 20) + 30
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        let xScale = Self.plotWidth / max(timeline.durationSeconds, 0.1)
        func x(_ t: Double) -> Double { Self.left + t * xScale }
        for (panel, (title, low, high, logarithmic, value)) in panels.enumerated() {
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
            svg += "<text x=\"\(f(Self.left + 6))\" y=\"\(f(top + 13))\" fill=\"#555\">\(escape(title))</text>\n"
            svg += "<text x=\"\(f(Self.left - 4))\" y=\"\(f(top + 10))\" text-anchor=\"end\">\(Int(high))</text>\n"
            svg += "<text x=\"\(f(Self.left - 4))\" y=\"\(f(top + Self.panelHeight))\" text-anchor=\"end\">\(Int(low))</text>\n"
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
        // Time axis.
        let axis = Double(panels.count) * (Self.panelHeight + 20) + 5
        let step = [5.0, 10, 30, 60, 120, 300, 600].first { timeline.durationSeconds / $0 <= 12 } ?? 1200
        var t = 0.0
        while t <= timeline.durationSeconds {
            svg += "<text x=\"\(f(x(t)))\" y=\"\(f(axis + 12))\" text-anchor=\"middle\">\(clock(t))</text>\n"
            t += step
        }
        return svg + "</svg>\n"
    }

    private func band(_ x: Double, _ top: Double, _ width: Double, _ color: String) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(top))\" width=\"\(f(max(width, 0.5)))\" height=\"\(f(Self.panelHeight))\" fill=\"\(color)\"/>\n"
    }

    // MARK: Text helpers

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
    private func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
    private func clock(_ seconds: Double) -> String { String(format: "%d:%02d", Int(seconds) / 60, Int(seconds) % 60) }

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
