import ArgumentParser
import Coaching

/// `--profile` and `--lang`, shared by every command that coaches.
struct CoachingOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Coaching profile: thresholds, timing and cue texts (default: the built-in one, Models/profiles/default.json).",
        valueName: "file"))
    var profile: String?

    @Option(help: "Language of the cues and of ToneCoach's own words: en, pt, es or ro.")
    var lang = "en"

    func validate() throws {
        if !CoachingProfile.languages.contains(lang) {
            throw ValidationError("--lang \(lang) is not available (choose from \(CoachingProfile.languages.joined(separator: ", ")))")
        }
    }

    /// Loads the profile named by `--profile`, or the built-in default; exits with a clear
    /// message when it cannot.
    func load() throws -> CoachingProfile {
        do throws(ProfileError) {
            if let profile { return try CoachingProfile.load(path: profile) }
            return try CoachingProfile.builtInDefault()
        } catch {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
    }
}
