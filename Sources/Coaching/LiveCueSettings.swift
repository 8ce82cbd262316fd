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
    /// Agent speech that sets the agent's own loudness baseline (s).
    public var agentBaselineSeconds = 10.0
    /// Rise above the agent's own baseline that arms "lower your voice", and where it disarms (LU).
    public var louderThanBaselineLU: Float = 6
    public var louderThanBaselineExitLU: Float = 4
    /// Drop below the agent's own baseline that arms "speak up", and where it disarms (LU).
    public var quieterThanBaselineLU: Float = 8
    public var quieterThanBaselineExitLU: Float = 6
    /// Speech loudness above which "you are shouting" arms, and below which it disarms (LUFS).
    public var shoutingLUFS: Float = -9
    public var shoutingExitLUFS: Float = -11
    /// Pitch spread below which "lift your tone" arms, and above which it disarms (semitones).
    public var flatSemitones: Float = 1.0
    public var flatExitSemitones: Float = 1.5
    /// Agent speech needed before pace is judged at all (s).
    public var paceMinimumSpeechSeconds = 6.0
    /// Overlap, whoever started it, that earns "let them finish" (s).
    public var overtalkSeconds = 1.0
    /// Silence on both sides, from the end of the last word, that earns "dead air" (s).
    public var deadAirSeconds = 5.0
    /// Pauses shorter than this are inside a speaker's turn (s).
    public var turnPauseSeconds = 0.5
    /// Window of the talk share, and the speech it needs before it judges (s).
    public var talkShareWindowSeconds = 60.0
    public var talkShareMinimumSpeechSeconds = 20.0
    /// Agent's share of the talking above which "let the customer talk" arms, and below which it disarms.
    public var dominatingShare: Float = 0.8
    public var dominatingExitShare: Float = 0.7
    /// Customer speech that sets the customer's own baseline (s).
    public var customerBaselineSeconds = 4.0
    /// Customer speech over which their current level is averaged (s).
    public var agitationWindowSeconds = 2.0
    /// Rise of the customer's loudness (LU) and, when measured, pitch (semitones) above their
    /// baseline that together arm "acknowledge their feelings"; and the rises below which it disarms.
    public var agitatedLoudnessLU: Float = 4.5
    public var agitatedPitchSemitones: Float = 1.0
    public var agitatedExitLoudnessLU: Float = 3
    public var agitatedExitPitchSemitones: Float = 0.5
    /// Customer speech with the rise held before "acknowledge" fires (s).
    public var agitationDwellSeconds = 1.0
    /// How long a condition must hold before its cue fires.
    public var dwellSeconds = 3.0
    /// How long a cue stays quiet after it fired.
    public var cueCooldownSeconds = 45.0
    /// The least time between any two cues: one cue at a time, and rarely.
    public var minimumGapSeconds = 15.0
    /// The least time between two conversation cues (dead air, let them finish, acknowledge):
    /// these answer a moment, which a 15 s wait would miss, and they do not wait for a voice
    /// cue shown just before (they replace it on the display).
    public var conversationGapSeconds = 4.0
    /// Time constant of the speech loudness average.
    public var loudnessAverageSeconds = 3.0

    /// The defaults.
    public init() {}
}
