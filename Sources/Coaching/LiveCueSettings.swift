/// Thresholds and timing of the live cues.
///
/// The defaults here are the engine's built-ins; the versioned source of truth, with the
/// provenance of each number, is `Models/profiles/default.json` (see Models/README.md), and a
/// test keeps the two identical. `CoachingProfile` loads other profiles into this type.
public struct LiveCueSettings: Sendable, Equatable {
    /// Articulation rate above which "slow down" arms, and below which it disarms (syllables/s).
    public var fastRate: Float = 6.5
    public var fastRateExit: Float = 6.0
    /// Articulation rate below which "speed up" arms, and above which it disarms.
    public var slowRate: Float = 2.5
    public var slowRateExit: Float = 3.0
    /// Speech loudness above which "lower your voice" arms, and below which it disarms (LUFS).
    public var loudLUFS: Float = -14
    public var loudExitLUFS: Float = -16
    /// Speech loudness below which "speak up" arms, and above which it disarms.
    public var quietLUFS: Float = -36
    public var quietExitLUFS: Float = -33
    /// Pitch spread below which "lift your tone" arms, and above which it disarms (semitones).
    public var flatSemitones: Float = 1.2
    public var flatExitSemitones: Float = 1.8
    /// How long a condition must hold before its cue fires.
    public var dwellSeconds = 3.0
    /// How long a cue stays quiet after it fired.
    public var cueCooldownSeconds = 45.0
    /// The least time between any two cues: one cue at a time, and rarely.
    public var minimumGapSeconds = 15.0
    /// Time constant of the speech loudness average.
    public var loudnessAverageSeconds = 3.0

    /// The defaults.
    public init() {}
}
