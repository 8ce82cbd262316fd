import ArgumentParser
import Coaching
import Core
import Engine
import Reporting
import Foundation

/// `tonecoach evaluate`: the cues of labelled calls scored against their labels.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the cues ToneCoach gives on labelled calls: events caught, missed, and cues that answer nothing.",
        discussion: """
            For each CALL.wav, the labels are read from CALL.json beside it: an "events" list \
            of {"kind": "dead_air" | "interruption" | "agitation", "start_s", "end_s", \
            "channel"} (the dev corpus's format). The cues are those `analyze` would give with \
            the same --profile.

            A cue answers an event when it comes within the event's window:
              dead_air      a dead_air cue from the start of the silence to 2 s after its end
              interruption  let_them_finish (or let_customer_talk) from 0.5 s before the \
            overlap to 3 s after it
              agitation     acknowledge_feelings from the start of the agitated span to 3 s after it
            Each cue answers at most one event; every other cue counts as answering nothing.

            Printed per call and in total: events caught (with the cue's delay from the start \
            of the event) and missed, cues that answer nothing, and precision and recall per \
            cue. The exit status is 0 whatever the score: the numbers are the result. It is 1 \
            only when a call or its labels cannot be read (the others are still scored).

            Example:
              tonecoach evaluate ../shared/devcorpus/corpus/calls/*.wav
              tonecoach evaluate --profile my-profile.json --format jsonl calls/*.wav
            """)

    @Argument(help: "Labelled calls (each with CALL.json beside it).", completion: .file())
    var files: [String]

    @Option(help: "Output format: text or jsonl.")
    var format: EvaluationFormat = .text

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Channel names in order, comma-separated; '-' skips one.", valueName: "names"))
    var channels: String?

    @OptionGroup var analysisOptions: AnalysisOptions

    @OptionGroup var coachingOptions: CoachingOptions

    func validate() throws {
        if let channels { _ = try ChannelNames.parse(channels) }
    }

    func run() throws {
        let coaching = try coachingOptions.load()
        let names: [String?]? = channels.flatMap { try? ChannelNames.parse($0) }
        if let note = names.flatMap(ChannelNames.note) { standardError("tonecoach: note: \(note)") }
        let output = OutputWriter()
        var scores: [CueScore] = []
        var failures = 0
        for path in files {
            let labels = (path as NSString).deletingPathExtension + ".json"
            do {
                let events = try LabelledEvent.load(path: labels)
                let analysis = try OfflineAnalysis(
                    path: path, channelNames: names, settings: analysisOptions.settings, cues: coaching.cues)
                var cues: [Cue] = []
                _ = try analysis.run(onFrame: { _, _ in }, onCue: { cues.append($0) })
                var warnings = analysis.reader.warnings + analysis.sampleWarnings
                let duration = Double(analysis.reader.frameCount) / Double(analysis.reader.sampleRate)
                let beyond = events.filter { $0.startSeconds >= duration }.count
                if beyond > 0 {
                    warnings.append(
                        "\(beyond) labelled event\(beyond == 1 ? " starts" : "s start") after the audio ends "
                            + "(\(Number.format(duration, decimals: 1)) s): a truncated recording, or labels for another file?")
                }
                output.flush()
                for warning in warnings { standardError("tonecoach: warning: \(path): \(warning)") }
                let score = CueScore(cues: cues, events: events)
                scores.append(score)
                report(score, file: path, channelNames: analysis.channels.map(\.name), coaching: coaching, to: output)
            } catch let error as LabelError {
                failures += 1
                output.flush()
                standardError("tonecoach: error: \(error.description)")
            } catch let error as AnalysisError {
                failures += 1
                output.flush()
                standardError("tonecoach: error: \(error.description)")
            }
        }
        total(scores, to: output)
        output.flush()
        if failures > 0 { throw ExitCode(1) }
    }

    private func report(
        _ score: CueScore, file: String, channelNames: [String], coaching: CoachingProfile, to output: OutputWriter
    ) {
        func seconds(_ value: Double) -> String { String(format: "%.2f", value) }
        switch format {
        case .jsonl:
            for outcome in score.outcomes {
                let event = outcome.event
                output.line(
                    "{\"type\":\"event\",\"file\":\(jsonString(file)),\"kind\":\(jsonString(event.kind.rawValue)),"
                        + "\"start_s\":\(seconds(event.startSeconds)),\"end_s\":\(seconds(event.endSeconds)),"
                        + "\"caught\":\(outcome.cue != nil),"
                        + "\"cue\":\(outcome.cue.map { jsonString($0.kind.identifier) } ?? "null"),"
                        + "\"cue_t\":\(outcome.cue.map { seconds($0.timeSeconds) } ?? "null"),"
                        + "\"delay_s\":\(outcome.delaySeconds.map(seconds) ?? "null")}")
            }
            for cue in score.unanswered {
                output.line(
                    "{\"type\":\"unanswered_cue\",\"file\":\(jsonString(file)),\"cue\":\(jsonString(cue.kind.identifier)),"
                        + "\"t\":\(seconds(cue.timeSeconds)),\"channel\":\(jsonString(channelNames[cue.channel]))}")
            }
        case .text:
            let caught = score.outcomes.filter { $0.cue != nil }.count
            output.line(
                "\(file)  events caught \(caught) of \(score.outcomes.count), "
                    + "cues answering nothing \(score.unanswered.count) of \(score.cues.count)")
            for outcome in score.outcomes {
                let event = outcome.event
                let span = "\(EventWording.clock(event.startSeconds))–\(EventWording.clock(event.endSeconds))"
                if let cue = outcome.cue, let delay = outcome.delaySeconds {
                    output.line(
                        "  caught   \(TextReporter.pad(event.kind.rawValue, 13, left: true)) \(span)  "
                            + "\(cue.kind.identifier) at \(EventWording.clock(cue.timeSeconds)) "
                            + "(\(delay >= 0 ? "+" : "")\(String(format: "%.1f", delay)) s)")
                } else {
                    output.line("  missed   \(TextReporter.pad(event.kind.rawValue, 13, left: true)) \(span)")
                }
            }
            for cue in score.unanswered {
                output.line(
                    "  no event \(TextReporter.pad(cue.kind.identifier, 13, left: true)) at \(EventWording.clock(cue.timeSeconds)), "
                        + "\(channelNames[cue.channel]): \(coaching.message(cue.kind, language: coachingOptions.lang))")
            }
        }
    }

    private func total(_ scores: [CueScore], to output: OutputWriter) {
        let outcomes = scores.flatMap(\.outcomes)
        let cues = scores.flatMap(\.cues)
        let unanswered = scores.flatMap(\.unanswered)
        let caught = outcomes.filter { $0.cue != nil }
        let delays = caught.compactMap(\.delaySeconds)
        func ratio(_ part: Int, _ whole: Int) -> String { whole == 0 ? "-" : String(format: "%.2f", Double(part) / Double(whole)) }
        // Per cue: precision over the cues of that kind, recall over the events it answers.
        let kinds = CueKind.allCases.filter { kind in
            cues.contains { $0.kind == kind } || LabelledEvent.Kind.allCases.contains { CueScore.answers($0).cues.first == kind }
        }
        let rows = kinds.map { kind in
            let fired = cues.filter { $0.kind == kind }.count
            let answered = fired - unanswered.filter { $0.kind == kind }.count
            let answerable = outcomes.filter { CueScore.answers($0.event.kind).cues.contains(kind) }
            let caughtByKind = answerable.filter { $0.cue?.kind == kind }.count
            return (kind, fired, answered, answerable.count, caughtByKind)
        }
        switch format {
        case .jsonl:
            let perCue = rows.map { kind, fired, answered, events, caughtByKind in
                "\(jsonString(kind.identifier)):{\"cues\":\(fired),\"answered\":\(answered),\"precision\":\(fired == 0 ? "null" : ratio(answered, fired)),"
                    + "\"events\":\(events),\"caught\":\(caughtByKind),\"recall\":\(events == 0 ? "null" : ratio(caughtByKind, events))}"
            }
            output.line(
                "{\"type\":\"total\",\"calls\":\(scores.count),\"events\":\(outcomes.count),\"caught\":\(caught.count),"
                    + "\"cues\":\(cues.count),\"unanswered_cues\":\(unanswered.count),"
                    + "\"mean_delay_s\":\(delays.isEmpty ? "null" : String(format: "%.2f", delays.reduce(0, +) / Double(delays.count))),"
                    + "\"per_cue\":{\(perCue.joined(separator: ","))}}")
        case .text:
            output.line("")
            output.line(
                "total  \(scores.count) call\(scores.count == 1 ? "" : "s"): events caught \(caught.count) of \(outcomes.count)"
                    + (delays.isEmpty ? "" : " (mean delay \(String(format: "%.1f", delays.reduce(0, +) / Double(delays.count))) s)")
                    + ", cues answering nothing \(unanswered.count) of \(cues.count)")
            output.line("  cue                    precision          recall")
            for (kind, fired, answered, events, caughtByKind) in rows {
                let precision = fired == 0 ? "-" : "\(ratio(answered, fired)) (\(answered)/\(fired))"
                let recall = events == 0 ? "-" : "\(ratio(caughtByKind, events)) (\(caughtByKind)/\(events))"
                output.line(
                    "  " + TextReporter.pad(kind.identifier, 22, left: true) + TextReporter.pad(precision, 12, left: true)
                        + "       " + recall)
            }
        }
    }
}

/// The output formats of `evaluate`.
enum EvaluationFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}
