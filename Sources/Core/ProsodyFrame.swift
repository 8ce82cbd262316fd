/// What the prosody chain measured for one hop of one channel.
///
/// A frame is a plain value: it crosses threads and rings without allocating.
/// `timeSeconds` is the end of the hop (the moment the frame could first exist);
/// each measure describes the analysis window that ends there.
public struct ProsodyFrame: Sendable, Equatable, BitwiseCopyable {
    /// End of the hop, in seconds from the start of the stream.
    public var timeSeconds: Double
    /// Fundamental frequency in Hz, or nil when the hop is unvoiced.
    public var f0Hz: Float?
    /// Periodicity of the best pitch candidate, 0...1 (normalised square difference peak).
    public var voicingClarity: Float
    /// Whether voice activity detection judged this hop to be speech.
    public var isSpeech: Bool
    /// RMS level of the hop in dBFS (AES17: a full-scale sine reads 0 dBFS), floored at ``LevelFloor/decibels``.
    public var levelDBFS: Float
    /// Momentary loudness (400 ms window, ITU-R BS.1770-4), nil until 400 ms have been seen.
    public var loudnessMomentaryLUFS: Float?
    /// Short-term loudness (3 s window, EBU R128), nil until 3 s have been seen.
    public var loudnessShortTermLUFS: Float?
    /// Pitch in semitones relative to the speaker's running median, nil when unvoiced.
    public var pitchSemitones: Float?
    /// Standard deviation of pitch in semitones over the recent voiced speech window, nil until enough voiced speech.
    public var pitchVariabilitySemitones: Float?
    /// Syllable rate over speaking time in the recent window (syllables per second), nil until enough speech.
    public var articulationRateSyllablesPerSecond: Float?
    /// True on the hop where a syllable nucleus was confirmed.
    public var isSyllableNucleus: Bool

    /// Whether a pitch was found for this hop.
    @inlinable public var isVoiced: Bool { f0Hz != nil }

    /// A silent, unvoiced frame at `timeSeconds`.
    public init(timeSeconds: Double) {
        self.timeSeconds = timeSeconds
        self.f0Hz = nil
        self.voicingClarity = 0
        self.isSpeech = false
        self.levelDBFS = LevelFloor.decibels
        self.loudnessMomentaryLUFS = nil
        self.loudnessShortTermLUFS = nil
        self.pitchSemitones = nil
        self.pitchVariabilitySemitones = nil
        self.articulationRateSyllablesPerSecond = nil
        self.isSyllableNucleus = false
    }
}

/// The lowest level ToneCoach reports: digital silence reads this instead of minus infinity.
public enum LevelFloor {
    /// -120 dB, below any real recording's noise floor and still finite for JSON.
    public static let decibels: Float = -120
}
