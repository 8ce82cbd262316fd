import Coaching
import Core
import Foundation
import Testing

@Suite("Coaching profiles (Models/profiles)")
struct CoachingProfileTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models/profiles")

    static func defaultJSON() throws -> [String: Any] {
        let data = try Data(contentsOf: profiles.appendingPathComponent("default.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The default profile with one field changed, as JSON data.
    static func modified(_ change: (inout [String: Any]) -> Void) throws -> Data {
        var json = try defaultJSON()
        change(&json)
        return try JSONSerialization.data(withJSONObject: json)
    }

    /// The default profile, on one line, with `conversation.dead_air_s` set once more before
    /// its own value, which then comes second, on line 2.
    static func duplicated() -> Data {
        let text = String(decoding: (try? modified { _ in }) ?? Data(), as: UTF8.self)
        return Data(text.replacingOccurrences(of: "\"conversation\":{", with: "\"conversation\":{\"dead_air_s\":1,\n").utf8)
    }

    /// The default profile with the English "slow down" text replaced.
    static func slowDownText(_ text: String) throws -> Data {
        try modified { json in
            var texts = json["texts"] as! [String: Any]
            var english = texts["en"] as! [String: Any]
            english["slow_down"] = text
            texts["en"] = english
            json["texts"] = texts
        }
    }

    @Test("every profile in Models/profiles loads and validates, with texts in every language")
    func everyProfileLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.profiles.path).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        for file in files {
            let profile = try CoachingProfile.load(path: Self.profiles.appendingPathComponent(file).path)
            for language in CoachingProfile.languages {
                for kind in CueKind.allCases {
                    let text = profile.message(kind, language: language)
                    #expect(!text.isEmpty && text.count <= CoachingProfile.maximumTextLength, "\(file) \(language) \(kind)")
                }
            }
        }
    }

    @Test("the default profile holds exactly the engine's built-in defaults")
    func defaultMatchesEngine() throws {
        let profile = try CoachingProfile.load(path: Self.profiles.appendingPathComponent("default.json").path)
        #expect(profile.name == "default")
        #expect(profile.cues == LiveCueSettings())
        #expect(profile.message(.slowDown, language: "en") == "Slow down")
        #expect(profile.message(.slowDown, language: "ro") == "Vorbește mai rar")
        #expect(profile.message(.slowDown, language: "xx") == "Slow down", "unknown languages fall back to English")
    }

    @Test("the profile built into the binary is Models/profiles/default.json, byte for byte")
    func builtInIsTheModel() throws {
        let file = try String(contentsOf: Self.profiles.appendingPathComponent("default.json"), encoding: .utf8)
        #expect(
            CoachingProfile.defaultProfileText.trimmingCharacters(in: .newlines) == file.trimmingCharacters(in: .newlines),
            "run 'make profile' after editing the model")
        #expect(try CoachingProfile.builtInDefault() == CoachingProfile.load(path: Self.profiles.appendingPathComponent("default.json").path))
    }

    @Test("a bad profile gets an error naming the field")
    func badProfiles() throws {
        let cases: [(Data, String)] = [
            (try Self.modified { json in
                var rules = json["rules"] as! [String: Any]
                rules.removeValue(forKey: "loud_lufs")
                json["rules"] = rules
            }, "missing field rules.loud_lufs"),
            (try Self.modified { json in
                var rules = json["rules"] as! [String: Any]
                rules["flat_semitones"] = "low"
                json["rules"] = rules
            }, "rules.flat_semitones must be a number"),
            (try Self.modified { json in
                var rules = json["rules"] as! [String: Any]
                rules["loud_exit_lufs"] = -10.0
                json["rules"] = rules
            }, "rules.loud_exit_lufs = -10.0 must be below rules.loud_lufs"),
            (try Self.modified { json in
                var timing = json["timing"] as! [String: Any]
                timing["dwell_s"] = 0.0
                json["timing"] = timing
            }, "timing.dwell_s = 0.0 must be between"),
            (try Self.modified { json in json["schema_version"] = 2 }, "schema_version 2 is not supported"),
            (try Self.modified { json in
                var texts = json["texts"] as! [String: Any]
                texts.removeValue(forKey: "pt")
                json["texts"] = texts
            }, "missing field texts.pt"),
            (try Self.slowDownText(String(repeating: "please ", count: 10)), "texts.en.slow_down is 69 characters"),
            (try Self.slowDownText("Slow\u{7} down"), "texts.en.slow_down holds a control character (U+0007)"),
            (try Self.slowDownText("  "), "texts.en.slow_down is empty"),
            (try Self.modified { json in json["timing"] = NSNull() }, "timing must be an object ({ ... }), not null"),
            (try Self.modified { json in json["schema_version"] = 1.5 }, "schema_version 1.5 is not supported"),
            // A misspelt field would leave its built-in value in force without a word.
            (try Self.modified { json in
                var talk = json["conversation"] as! [String: Any]
                talk["dead_air"] = 1.0
                json["conversation"] = talk
            }, "conversation.dead_air is not a profile field (misspelt?); here the profile has: overtalk_s, dead_air_s"),
            (try Self.modified { json in json["timings"] = [:] as [String: Any] }, "timings is not a profile field"),
            (try Self.modified { json in
                var texts = json["texts"] as! [String: Any]
                texts["fr"] = texts["en"]
                json["texts"] = texts
            }, "texts.fr is not a profile field (misspelt?); here the profile has: en, pt, es, ro"),
            (try Self.modified { json in
                var texts = json["texts"] as! [String: Any]
                var english = texts["en"] as! [String: Any]
                english["calm_down"] = "Calm down"
                texts["en"] = english
                json["texts"] = texts
            }, "texts.en.calm_down is not a profile field"),
            // A key set twice: JSON parsers keep the last one, and the first would be ignored.
            (Self.duplicated(), "line 2: conversation.dead_air_s is set a second time"),
            (Data("[1, 2]".utf8), "the profile must be an object ({ ... })"),
            (Data(" \n\t".utf8), "the profile is empty"),
            // Syntax errors say where: the bare word on line 3 starts at column 11.
            (Data("{\n  \"schema_version\": 1,\n  \"name\": default\n}".utf8), "line 3, column 11: not valid JSON"),
            (Data("{ \"name\": \"x\"".utf8), "the file ends before the JSON does"),
            (Data([0x7B, 0xFF, 0xFE, 0x7D]), "not UTF-8 text"),
        ]
        for (data, expected) in cases {
            do {
                _ = try CoachingProfile.parse(data, source: "test.json")
                Issue.record("accepted a bad profile; expected: \(expected)")
            } catch {
                #expect(error.description.hasPrefix("test.json: "))
                #expect(error.description.contains(expected), "\(error.description)")
                #expect(!error.description.contains("Dictionary") && !error.description.contains("Double"),
                        "no Swift type names: \(error.description)")
            }
        }
    }
}
