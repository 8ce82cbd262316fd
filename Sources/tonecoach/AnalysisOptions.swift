import ArgumentParser
import Core

/// The analysis options every command that analyses audio takes, so that `analyze`, `report`,
/// `evaluate`, `live` and `serve` measure a call the same way when told the same thing (a
/// high voice needs --pitch-max in the report as much as in the frames).
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("hop-ms"), parsing: .unconditional, help: "Milliseconds between frames (5 to 50).")
    var hopMilliseconds: Double = AnalysisSettings.defaultHopSeconds * 1000

    @Option(
        name: .customLong("pitch-min"), parsing: .unconditional,
        help: "Lowest pitch searched, in Hz (a deep voice may need less than the default).")
    var pitchMinHz: Float = AnalysisSettings.defaultPitchMinHz

    @Option(
        name: .customLong("pitch-max"), parsing: .unconditional,
        help: "Highest pitch searched, in Hz (a high or excited voice may need more than the default).")
    var pitchMaxHz: Float = AnalysisSettings.defaultPitchMaxHz

    var settings: AnalysisSettings {
        AnalysisSettings(hopSeconds: hopMilliseconds / 1000, pitchMinHz: pitchMinHz, pitchMaxHz: pitchMaxHz)
    }

    func validate() throws {
        // Any rate in range will do for checking the settings themselves; each input's rate is
        // checked when it is opened.
        do {
            try settings.validate(sampleRate: 48000)
        } catch {
            // Named by the options that set them, as the user wrote them.
            switch error {
            case .hopOutOfRange: throw ValidationError("--hop-ms: \(error.description)")
            case .pitchRangeInvalid: throw ValidationError("--pitch-min/--pitch-max: \(error.description)")
            default: throw ValidationError(error.description)
            }
        }
    }
}
