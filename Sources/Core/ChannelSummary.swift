/// The whole-channel measures reported at the end of a recording or a live session.
public struct ChannelSummary: Sendable, Equatable {
    /// Length of the channel in seconds.
    public var durationSeconds: Double
    /// Time judged to be speech, in seconds.
    public var speechSeconds: Double
    /// Gated integrated loudness (ITU-R BS.1770-4), nil when every block was gated out (silence).
    public var loudnessIntegratedLUFS: Double?
    /// Syllable nuclei per second of total time.
    public var speechRateSyllablesPerSecond: Double
    /// Syllable nuclei per second of speaking time (pauses excluded), nil when there was no speech.
    public var articulationRateSyllablesPerSecond: Double?
    /// Number of syllable nuclei found.
    public var syllables: Int
    /// Median f0 of voiced speech in Hz, nil when nothing was voiced.
    public var pitchMedianHz: Double?
    /// Standard deviation of f0 of voiced speech in semitones, nil when nothing was voiced.
    public var pitchStdSemitones: Double?
    /// Silences between speech that lasted at least the minimum pause length.
    public var pauses: Int
    /// Mean length of those pauses in seconds, nil when there were none.
    public var pauseMeanSeconds: Double?

    /// Makes a summary from its measures.
    public init(
        durationSeconds: Double, speechSeconds: Double, loudnessIntegratedLUFS: Double?,
        speechRateSyllablesPerSecond: Double, articulationRateSyllablesPerSecond: Double?,
        syllables: Int, pitchMedianHz: Double?, pitchStdSemitones: Double?, pauses: Int,
        pauseMeanSeconds: Double?
    ) {
        self.durationSeconds = durationSeconds
        self.speechSeconds = speechSeconds
        self.loudnessIntegratedLUFS = loudnessIntegratedLUFS
        self.speechRateSyllablesPerSecond = speechRateSyllablesPerSecond
        self.articulationRateSyllablesPerSecond = articulationRateSyllablesPerSecond
        self.syllables = syllables
        self.pitchMedianHz = pitchMedianHz
        self.pitchStdSemitones = pitchStdSemitones
        self.pauses = pauses
        self.pauseMeanSeconds = pauseMeanSeconds
    }
}
