import Core
import Foundation

/// A versioned coaching profile from `Models/profiles/`: every threshold and timing of the
/// cues, and their texts in each supported language. Loaded and validated once, off the
/// real-time path; a bad profile gets an error naming the field.
public struct CoachingProfile: Sendable, Equatable {
    /// The schema version this build reads.
    public static let schemaVersion = 1
    /// Languages every profile must carry texts for.
    public static let languages = ["en", "pt", "es", "ro"]
    /// Longest cue text: one line of an overlay.
    public static let maximumTextLength = 48

    /// The profile's name and version, as in its file.
    public var name: String
    public var version: String
    /// Thresholds and timing of the live cues.
    public var cues: LiveCueSettings
    /// Cue texts by language code and cue.
    public var texts: [String: [CueKind: String]]

    /// The text of `kind` in `language` (English when the profile lacks that language).
    public func message(_ kind: CueKind, language: String) -> String {
        texts[language]?[kind] ?? texts["en"]?[kind] ?? kind.identifier
    }

    /// Loads and validates the profile at `path`.
    public static func load(path: String) throws(ProfileError) -> CoachingProfile {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .unreadable(path: path, reason: MissingFile.reason(path: path))
        }
        guard !isFolder.boolValue else { throw .unreadable(path: path, reason: "it is a folder, not a profile file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied")
        }
        return try parse(data, source: path)
    }

    /// Parses and validates a profile; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws(ProfileError) -> CoachingProfile {
        guard data.contains(where: { !Self.isJSONWhitespace($0) }) else { throw .empty(source: source) }
        guard String(data: data, encoding: .utf8) != nil else {
            throw .notJSON(source: source, line: nil, column: nil, reason: "not UTF-8 text; is this a coaching profile?")
        }
        // Syntax first, with a position: the decoder below only says "not valid JSON".
        if let syntax = JSONSyntaxError(data) {
            throw .notJSON(source: source, line: syntax.line, column: syntax.column, reason: syntax.reason)
        }
        // A key set twice: the parser would keep the last one without a word.
        if let duplicate = JSONDuplicateKey(data) {
            throw .duplicateField(source: source, field: duplicate.path, line: duplicate.line)
        }
        let file: ProfileFile
        do {
            file = try JSONDecoder().decode(ProfileFile.self, from: data)
        } catch let error as DecodingError {
            throw ProfileError.from(error, source: source)
        } catch {
            throw .notJSON(source: source, line: nil, column: nil, reason: "\(error)")
        }
        guard file.schema_version == Double(schemaVersion) else {
            throw .unsupportedSchemaVersion(source: source, found: file.schema_version, supported: schemaVersion)
        }
        if let (field, known) = ProfileFile.unknownField(in: data) {
            throw .unknownField(source: source, field: field, known: known)
        }
        let timing = file.timing
        let rules = file.rules
        let builtIn = LiveCueSettings()
        let conversationGap = timing.conversation_gap_s ?? builtIn.conversationGapSeconds
        let paceMinimum = rules.pace_minimum_speech_s ?? builtIn.paceMinimumSpeechSeconds
        let turnPause = file.conversation.turn_pause_s ?? builtIn.turnPauseSeconds
        let agitationWindow = file.conversation.agitation_window_s ?? builtIn.agitationWindowSeconds
        let agitationDwell = file.conversation.agitation_dwell_s ?? builtIn.agitationDwellSeconds
        func check(_ field: String, _ value: Double, _ range: ClosedRange<Double>) throws(ProfileError) {
            guard value.isFinite, range.contains(value) else {
                throw .invalidValue(
                    source: source, field: field, value: value,
                    reason: "must be between \(range.lowerBound) and \(range.upperBound)")
            }
        }
        func order(_ field: String, _ value: Double, _ comparedTo: String, below: Bool, _ other: Double)
            throws(ProfileError)
        {
            guard below ? value < other : value > other else {
                throw .invalidValue(
                    source: source, field: field, value: value,
                    reason: "must be \(below ? "below" : "above") \(comparedTo) (\(other)) to leave a dead band")
            }
        }
        try check("timing.dwell_s", timing.dwell_s, 0.5...30)
        try check("timing.cue_cooldown_s", timing.cue_cooldown_s, 1...600)
        try check("timing.minimum_gap_s", timing.minimum_gap_s, 0...600)
        try check("timing.loudness_average_s", timing.loudness_average_s, 0.1...30)
        try check("timing.conversation_gap_s", conversationGap, 0...600)
        try check("rules.pace_minimum_speech_s", paceMinimum, 0...600)
        try check("conversation.turn_pause_s", turnPause, 0.1...5)
        try check("conversation.agitation_window_s", agitationWindow, 0.2...30)
        try check("conversation.agitation_dwell_s", agitationDwell, 0.1...30)
        try check("rules.pace_fast_syllables_per_s", rules.pace_fast_syllables_per_s, 2...15)
        try check("rules.pace_fast_exit_syllables_per_s", rules.pace_fast_exit_syllables_per_s, 2...15)
        try check("rules.pace_slow_syllables_per_s", rules.pace_slow_syllables_per_s, 0.5...8)
        try check("rules.pace_slow_exit_syllables_per_s", rules.pace_slow_exit_syllables_per_s, 0.5...8)
        try check("rules.loud_lufs", rules.loud_lufs, -40...0)
        try check("rules.loud_exit_lufs", rules.loud_exit_lufs, -40...0)
        try check("rules.quiet_lufs", rules.quiet_lufs, -70...(-10))
        try check("rules.quiet_exit_lufs", rules.quiet_exit_lufs, -70...(-10))
        try check("rules.flat_semitones", rules.flat_semitones, 0.1...6)
        try check("rules.shouting_lufs", rules.shouting_lufs, -30...0)
        try check("rules.shouting_exit_lufs", rules.shouting_exit_lufs, -30...0)
        try check("rules.agent_baseline_s", rules.agent_baseline_s, 1...120)
        try check("rules.louder_than_baseline_lu", rules.louder_than_baseline_lu, 1...30)
        try check("rules.louder_than_baseline_exit_lu", rules.louder_than_baseline_exit_lu, 0...30)
        try check("rules.quieter_than_baseline_lu", rules.quieter_than_baseline_lu, 1...30)
        try check("rules.quieter_than_baseline_exit_lu", rules.quieter_than_baseline_exit_lu, 0...30)
        try order("rules.shouting_exit_lufs", rules.shouting_exit_lufs, "rules.shouting_lufs", below: true,
                  rules.shouting_lufs)
        try order("rules.loud_lufs", rules.loud_lufs, "rules.shouting_lufs", below: true, rules.shouting_lufs)
        try order("rules.louder_than_baseline_exit_lu", rules.louder_than_baseline_exit_lu,
                  "rules.louder_than_baseline_lu", below: true, rules.louder_than_baseline_lu)
        try order("rules.quieter_than_baseline_exit_lu", rules.quieter_than_baseline_exit_lu,
                  "rules.quieter_than_baseline_lu", below: true, rules.quieter_than_baseline_lu)
        try check("rules.flat_exit_semitones", rules.flat_exit_semitones, 0.1...6)
        try order("rules.pace_fast_exit_syllables_per_s", rules.pace_fast_exit_syllables_per_s,
                  "rules.pace_fast_syllables_per_s", below: true, rules.pace_fast_syllables_per_s)
        try order("rules.pace_slow_exit_syllables_per_s", rules.pace_slow_exit_syllables_per_s,
                  "rules.pace_slow_syllables_per_s", below: false, rules.pace_slow_syllables_per_s)
        try order("rules.loud_exit_lufs", rules.loud_exit_lufs, "rules.loud_lufs", below: true, rules.loud_lufs)
        try order("rules.quiet_exit_lufs", rules.quiet_exit_lufs, "rules.quiet_lufs", below: false, rules.quiet_lufs)
        try order("rules.flat_exit_semitones", rules.flat_exit_semitones, "rules.flat_semitones", below: false,
                  rules.flat_semitones)
        try order("rules.pace_slow_syllables_per_s", rules.pace_slow_syllables_per_s,
                  "rules.pace_fast_syllables_per_s", below: true, rules.pace_fast_syllables_per_s)
        let talk = file.conversation
        try check("conversation.overtalk_s", talk.overtalk_s, 0.2...10)
        try check("conversation.dead_air_s", talk.dead_air_s, 1...120)
        try check("conversation.talk_share_window_s", talk.talk_share_window_s, 10...600)
        try check("conversation.talk_share_minimum_speech_s", talk.talk_share_minimum_speech_s, 1...600)
        try check("conversation.dominating_share", talk.dominating_share, 0.5...1)
        try check("conversation.dominating_exit_share", talk.dominating_exit_share, 0.5...1)
        try check("conversation.customer_baseline_s", talk.customer_baseline_s, 1...120)
        try check("conversation.agitated_loudness_lu", talk.agitated_loudness_lu, 0.5...30)
        try check("conversation.agitated_pitch_semitones", talk.agitated_pitch_semitones, 0.5...24)
        try check("conversation.agitated_exit_loudness_lu", talk.agitated_exit_loudness_lu, 0...30)
        try check("conversation.agitated_exit_pitch_semitones", talk.agitated_exit_pitch_semitones, 0...24)
        try order("conversation.dominating_exit_share", talk.dominating_exit_share, "conversation.dominating_share",
                  below: true, talk.dominating_share)
        try order("conversation.agitated_exit_loudness_lu", talk.agitated_exit_loudness_lu,
                  "conversation.agitated_loudness_lu", below: true, talk.agitated_loudness_lu)
        try order("conversation.agitated_exit_pitch_semitones", talk.agitated_exit_pitch_semitones,
                  "conversation.agitated_pitch_semitones", below: true, talk.agitated_pitch_semitones)
        try order("conversation.talk_share_minimum_speech_s", talk.talk_share_minimum_speech_s,
                  "conversation.talk_share_window_s", below: true, talk.talk_share_window_s)

        var texts: [String: [CueKind: String]] = [:]
        for language in languages {
            guard let table = file.texts[language] else { throw .missingField(source: source, field: "texts.\(language)") }
            var byKind: [CueKind: String] = [:]
            for kind in CueKind.allCases {
                let field = "texts.\(language).\(kind.identifier)"
                guard let text = table[kind.identifier]?.trimmingCharacters(in: .whitespacesAndNewlines)
                else { throw .missingField(source: source, field: field) }
                guard !text.isEmpty else { throw .emptyText(source: source, field: field) }
                if let control = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
                    throw .controlCharacter(source: source, field: field, scalar: control.value)
                }
                guard text.count <= maximumTextLength else {
                    throw .textTooLong(source: source, field: field, length: text.count, maximum: maximumTextLength)
                }
                byKind[kind] = text
            }
            texts[language] = byKind
        }

        var cues = LiveCueSettings()
        cues.dwellSeconds = timing.dwell_s
        cues.cueCooldownSeconds = timing.cue_cooldown_s
        cues.minimumGapSeconds = timing.minimum_gap_s
        cues.loudnessAverageSeconds = timing.loudness_average_s
        cues.conversationGapSeconds = conversationGap
        cues.paceMinimumSpeechSeconds = paceMinimum
        cues.turnPauseSeconds = turnPause
        cues.agitationWindowSeconds = agitationWindow
        cues.agitationDwellSeconds = agitationDwell
        cues.fastRate = Float(rules.pace_fast_syllables_per_s)
        cues.fastRateExit = Float(rules.pace_fast_exit_syllables_per_s)
        cues.slowRate = Float(rules.pace_slow_syllables_per_s)
        cues.slowRateExit = Float(rules.pace_slow_exit_syllables_per_s)
        cues.loudLUFS = Float(rules.loud_lufs)
        cues.loudExitLUFS = Float(rules.loud_exit_lufs)
        cues.quietLUFS = Float(rules.quiet_lufs)
        cues.quietExitLUFS = Float(rules.quiet_exit_lufs)
        cues.flatSemitones = Float(rules.flat_semitones)
        cues.flatExitSemitones = Float(rules.flat_exit_semitones)
        cues.shoutingLUFS = Float(rules.shouting_lufs)
        cues.shoutingExitLUFS = Float(rules.shouting_exit_lufs)
        cues.agentBaselineSeconds = rules.agent_baseline_s
        cues.louderThanBaselineLU = Float(rules.louder_than_baseline_lu)
        cues.louderThanBaselineExitLU = Float(rules.louder_than_baseline_exit_lu)
        cues.quieterThanBaselineLU = Float(rules.quieter_than_baseline_lu)
        cues.quieterThanBaselineExitLU = Float(rules.quieter_than_baseline_exit_lu)
        cues.overtalkSeconds = talk.overtalk_s
        cues.deadAirSeconds = talk.dead_air_s
        cues.talkShareWindowSeconds = talk.talk_share_window_s
        cues.talkShareMinimumSpeechSeconds = talk.talk_share_minimum_speech_s
        cues.dominatingShare = Float(talk.dominating_share)
        cues.dominatingExitShare = Float(talk.dominating_exit_share)
        cues.customerBaselineSeconds = talk.customer_baseline_s
        cues.agitatedLoudnessLU = Float(talk.agitated_loudness_lu)
        cues.agitatedPitchSemitones = Float(talk.agitated_pitch_semitones)
        cues.agitatedExitLoudnessLU = Float(talk.agitated_exit_loudness_lu)
        cues.agitatedExitPitchSemitones = Float(talk.agitated_exit_pitch_semitones)
        return CoachingProfile(name: file.name, version: file.version, cues: cues, texts: texts)
    }
}

/// The file layout of a profile (field names as in the JSON).
private struct ProfileFile: Decodable {
    struct Timing: Decodable {
        var dwell_s: Double
        var cue_cooldown_s: Double
        var minimum_gap_s: Double
        var loudness_average_s: Double
        /// Added with profile 2.0: a file without it gets the built-in default.
        var conversation_gap_s: Double?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case dwell_s, cue_cooldown_s, minimum_gap_s, loudness_average_s, conversation_gap_s
        }
    }
    struct Rules: Decodable {
        var pace_fast_syllables_per_s: Double
        var pace_fast_exit_syllables_per_s: Double
        var pace_slow_syllables_per_s: Double
        var pace_slow_exit_syllables_per_s: Double
        var loud_lufs: Double
        var loud_exit_lufs: Double
        var quiet_lufs: Double
        var quiet_exit_lufs: Double
        var flat_semitones: Double
        var flat_exit_semitones: Double
        var shouting_lufs: Double
        var shouting_exit_lufs: Double
        var agent_baseline_s: Double
        var louder_than_baseline_lu: Double
        var louder_than_baseline_exit_lu: Double
        var quieter_than_baseline_lu: Double
        var quieter_than_baseline_exit_lu: Double
        var pace_minimum_speech_s: Double?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case pace_fast_syllables_per_s, pace_fast_exit_syllables_per_s, pace_slow_syllables_per_s
            case pace_slow_exit_syllables_per_s, loud_lufs, loud_exit_lufs, quiet_lufs, quiet_exit_lufs
            case flat_semitones, flat_exit_semitones, shouting_lufs, shouting_exit_lufs, agent_baseline_s
            case louder_than_baseline_lu, louder_than_baseline_exit_lu, quieter_than_baseline_lu
            case quieter_than_baseline_exit_lu, pace_minimum_speech_s
        }
    }
    struct Conversation: Decodable {
        var overtalk_s: Double
        var dead_air_s: Double
        var talk_share_window_s: Double
        var talk_share_minimum_speech_s: Double
        var dominating_share: Double
        var dominating_exit_share: Double
        var customer_baseline_s: Double
        var agitated_loudness_lu: Double
        var agitated_pitch_semitones: Double
        var agitated_exit_loudness_lu: Double
        var agitated_exit_pitch_semitones: Double
        var turn_pause_s: Double?
        var agitation_window_s: Double?
        var agitation_dwell_s: Double?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case overtalk_s, dead_air_s, talk_share_window_s, talk_share_minimum_speech_s, dominating_share
            case dominating_exit_share, customer_baseline_s, agitated_loudness_lu, agitated_pitch_semitones
            case agitated_exit_loudness_lu, agitated_exit_pitch_semitones, turn_pause_s, agitation_window_s
            case agitation_dwell_s
        }
    }
    /// A number so that `1.5` is "not supported" rather than a type error.
    var schema_version: Double
    var name: String
    var version: String
    var timing: Timing
    var rules: Rules
    var conversation: Conversation
    var texts: [String: [String: String]]
    /// What the profile is for (read by people, not by ToneCoach).
    var description: String?
    enum CodingKeys: String, CodingKey, CaseIterable {
        case schema_version, name, version, description, timing, rules, conversation, texts
    }

    /// The first field in `data` (a JSON object already decoded as a profile) that no version
    /// of the profile has: a misspelt field would otherwise be ignored and its built-in value
    /// used without a word. With the fields the section it is in does have.
    static func unknownField(in data: Data) -> (field: String, known: [String])? {
        guard let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        func unknown(_ object: Any?, _ known: [String], _ prefix: String) -> (field: String, known: [String])? {
            guard let object = object as? [String: Any] else { return nil }
            return object.keys.sorted().first { !known.contains($0) }.map { (prefix + $0, known) }
        }
        let texts = top["texts"] as? [String: Any]
        let cueNames = CueKind.allCases.map(\.identifier)
        return unknown(top, CodingKeys.allCases.map(\.rawValue), "")
            ?? unknown(top["timing"], Timing.CodingKeys.allCases.map(\.rawValue), "timing.")
            ?? unknown(top["rules"], Rules.CodingKeys.allCases.map(\.rawValue), "rules.")
            ?? unknown(top["conversation"], Conversation.CodingKeys.allCases.map(\.rawValue), "conversation.")
            ?? unknown(texts, CoachingProfile.languages, "texts.")
            ?? CoachingProfile.languages.lazy.compactMap { unknown(texts?[$0], cueNames, "texts.\($0).") }.first
    }
}

/// Why a coaching profile cannot be used; each case names the file and, where it applies, the
/// field (as a dotted path, `rules.loud_lufs`) or the line and column.
public enum ProfileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case empty(source: String)
    case notJSON(source: String, line: Int?, column: Int?, reason: String)
    case unsupportedSchemaVersion(source: String, found: Double, supported: Int)
    case missingField(source: String, field: String)
    case wrongType(source: String, field: String, expected: String)
    case invalidValue(source: String, field: String, value: Double, reason: String)
    case textTooLong(source: String, field: String, length: Int, maximum: Int)
    case emptyText(source: String, field: String)
    case controlCharacter(source: String, field: String, scalar: UInt32)
    case unknownField(source: String, field: String, known: [String])
    case duplicateField(source: String, field: String, line: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read the coaching profile: \(reason)"
        case .empty(let source): return "\(source): the profile is empty (expected a JSON object)"
        case .notJSON(let source, let line, let column, let reason):
            let position = line.map { "line \($0)" + (column.map { ", column \($0)" } ?? "") + ": " } ?? ""
            return "\(source): \(position)not valid JSON (\(reason))"
        case .unsupportedSchemaVersion(let source, let found, let supported):
            let shown = found == found.rounded() && abs(found) < 1e9 ? "\(Int(found))" : "\(found)"
            return "\(source): schema_version \(shown) is not supported (this ToneCoach reads \(supported))"
        case .missingField(let source, let field): return "\(source): missing field \(field)"
        case .wrongType(let source, let field, let expected):
            return "\(source): \(field.isEmpty ? "the profile" : field) must be \(expected)"
        case .invalidValue(let source, let field, let value, let reason):
            return "\(source): \(field) = \(value) \(reason)"
        case .textTooLong(let source, let field, let length, let maximum):
            return "\(source): \(field) is \(length) characters; cues must fit one line (\(maximum) at most)"
        case .emptyText(let source, let field): return "\(source): \(field) is empty; every cue needs a text"
        case .controlCharacter(let source, let field, let scalar):
            let code = String(scalar, radix: 16, uppercase: true)
            return "\(source): \(field) holds a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)); "
                + "a cue is one line of plain text"
        case .duplicateField(let source, let field, let line):
            return "\(source): line \(line): \(field) is set a second time; only one value can count, so remove one of them"
        case .unknownField(let source, let field, let known):
            return "\(source): \(field) is not a profile field (misspelt?); here the profile has: \(known.joined(separator: ", "))"
        }
    }

    static func from(_ error: DecodingError, source: String) -> ProfileError {
        func path(_ context: DecodingError.Context, _ last: CodingKey? = nil) -> String {
            (context.codingPath + (last.map { [$0] } ?? [])).map { $0.intValue.map(String.init) ?? $0.stringValue }
                .joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return .missingField(source: source, field: path(context, key))
        case .typeMismatch(let type, let context):
            return .wrongType(source: source, field: path(context), expected: expectation(type))
        case .valueNotFound(let type, let context):
            return .wrongType(source: source, field: path(context), expected: expectation(type) + ", not null")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .notJSON(source: source, line: nil, column: nil, reason: "unreadable content")
            }
            return .wrongType(source: source, field: path(context), expected: "a number that fits")
        @unknown default: return .notJSON(source: source, line: nil, column: nil, reason: "unreadable content")
        }
    }

    /// What a field must hold, in a profile author's words rather than Swift's type names.
    static func expectation(_ type: Any.Type) -> String {
        if type == Double.self || type == Float.self { return "a number" }
        if type == Int.self { return "a whole number" }
        if type == String.self { return "text in quotes" }
        let name = "\(type)"
        if name.hasPrefix("Dictionary") { return "an object ({ ... })" }
        if name.hasPrefix("Array") { return "a list ([ ... ])" }
        return "a different kind of value"
    }
}

extension CoachingProfile {
    static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The default profile, built into the binary from `Models/profiles/default.json`
    /// (``defaultProfileText``), so an installed tonecoach needs no files beside it.
    public static func builtInDefault() throws(ProfileError) -> CoachingProfile {
        try parse(Data(defaultProfileText.utf8), source: "the built-in default profile")
    }
}
