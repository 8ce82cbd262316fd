import ArgumentParser
import Coaching

/// `--profile` and `--lang`, shared by every command that coaches.
struct CoachingOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Coaching profile: thresholds, timing and cue texts (default: Models/profiles/default.json).",
        valueName: "file"))
    var profile: String?

    @Option(help: "Language of the cues and of ToneCoach's own words: en, pt, es or ro.")
    var lang = "en"

    func validate() throws {
        if !CoachingProfile.languages.contains(lang) {
            throw ValidationError("--lang \(lang) is not available (choose from \(CoachingProfile.languages.joined(separator: ", ")))")
        }
    }

    /// Loads the profile named by `--profile`, or the default one; exits with a clear message
    /// when it cannot.
    func load() throws -> CoachingProfile {
        guard let location = profile ?? CoachingProfile.locateDefault() else {
            standardError(
                "tonecoach: error: cannot find the default coaching profile (Models/profiles/default.json); "
                    + "run from the ToneCoach folder or pass --profile FILE")
            throw ExitCode(1)
        }
        do {
            return try CoachingProfile.load(path: location)
        } catch {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
    }
}
