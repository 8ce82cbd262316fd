/// Every tunable of the prosody chain, with its default in one place.
///
/// Docs, the command line and tests all read these defaults from here.
public struct AnalysisSettings: Sendable, Equatable {
    /// Default hop between frames: 10 ms.
    public static let defaultHopSeconds = 0.010
    /// Default lowest f0 searched: 60 Hz (deep male voices).
    public static let defaultPitchMinHz: Float = 60
    /// Default highest f0 searched: 600 Hz. A high voice that is excited or upset goes past
    /// 500 Hz (×1.5 on a 350 Hz voice); Praat's default ceiling for speech is 600 Hz too.
    public static let defaultPitchMaxHz: Float = 600
    /// Default periodicity (0...1) a pitch candidate needs to beat the unvoiced hypothesis.
    public static let defaultVoicingThreshold: Float = 0.5
    /// Default window for the live articulation rate: 10 s.
    public static let defaultPaceWindowSeconds = 10.0
    /// Default window for the live pitch variability: 5 s.
    public static let defaultPitchWindowSeconds = 5.0
    /// Default shortest silence between speech counted as a pause: 250 ms.
    public static let defaultMinPauseSeconds = 0.25
    /// Sample rates ToneCoach analyses: narrowband telephony to studio.
    public static let supportedSampleRates = 8000...48000

    /// Hop between frames in seconds (5 to 50 ms).
    public var hopSeconds: Double
    /// Lowest f0 searched in Hz.
    public var pitchMinHz: Float
    /// Highest f0 searched in Hz.
    public var pitchMaxHz: Float
    /// Periodicity a pitch candidate needs to be called voiced.
    public var voicingThreshold: Float
    /// Window of the live articulation rate in seconds.
    public var paceWindowSeconds: Double
    /// Window of the live pitch variability in seconds.
    public var pitchWindowSeconds: Double
    /// Shortest silence between speech counted as a pause, in seconds.
    public var minPauseSeconds: Double

    /// Settings with every default, overridable by name.
    public init(
        hopSeconds: Double = defaultHopSeconds,
        pitchMinHz: Float = defaultPitchMinHz,
        pitchMaxHz: Float = defaultPitchMaxHz,
        voicingThreshold: Float = defaultVoicingThreshold,
        paceWindowSeconds: Double = defaultPaceWindowSeconds,
        pitchWindowSeconds: Double = defaultPitchWindowSeconds,
        minPauseSeconds: Double = defaultMinPauseSeconds
    ) {
        self.hopSeconds = hopSeconds
        self.pitchMinHz = pitchMinHz
        self.pitchMaxHz = pitchMaxHz
        self.voicingThreshold = voicingThreshold
        self.paceWindowSeconds = paceWindowSeconds
        self.pitchWindowSeconds = pitchWindowSeconds
        self.minPauseSeconds = minPauseSeconds
    }

    /// Checks the settings against a stream's sample rate; throws naming the offending value.
    public func validate(sampleRate: Int) throws(SettingsError) {
        guard Self.supportedSampleRates.contains(sampleRate) else {
            throw .unsupportedSampleRate(sampleRate)
        }
        guard hopSeconds.isFinite, (0.005...0.050).contains(hopSeconds) else {
            throw .hopOutOfRange(hopSeconds)
        }
        guard pitchMinHz.isFinite, pitchMaxHz.isFinite, pitchMinHz >= 30, pitchMaxHz <= 1000,
            pitchMaxHz >= pitchMinHz * 1.5
        else { throw .pitchRangeInvalid(minHz: pitchMinHz, maxHz: pitchMaxHz) }
        guard voicingThreshold.isFinite, (0.1...0.95).contains(voicingThreshold) else {
            throw .voicingThresholdOutOfRange(voicingThreshold)
        }
        guard paceWindowSeconds.isFinite, (1...120).contains(paceWindowSeconds) else {
            throw .windowOutOfRange(name: "pace window", seconds: paceWindowSeconds)
        }
        guard pitchWindowSeconds.isFinite, (1...120).contains(pitchWindowSeconds) else {
            throw .windowOutOfRange(name: "pitch window", seconds: pitchWindowSeconds)
        }
        guard minPauseSeconds.isFinite, (0.05...5).contains(minPauseSeconds) else {
            throw .windowOutOfRange(name: "minimum pause", seconds: minPauseSeconds)
        }
    }

    /// Samples in one hop at `sampleRate`.
    public func hopSamples(sampleRate: Int) -> Int {
        max(1, Int((hopSeconds * Double(sampleRate)).rounded()))
    }
}

/// Why a set of analysis settings cannot be used; each case names the offending value.
public enum SettingsError: Error, Equatable, CustomStringConvertible {
    case unsupportedSampleRate(Int)
    case hopOutOfRange(Double)
    case pitchRangeInvalid(minHz: Float, maxHz: Float)
    case voicingThresholdOutOfRange(Float)
    case windowOutOfRange(name: String, seconds: Double)

    public var description: String {
        switch self {
        case .unsupportedSampleRate(let rate):
            return "unsupported sample rate \(rate) Hz (ToneCoach analyses 8000 to 48000 Hz)"
        case .hopOutOfRange(let hop):
            return "hop of \(hop * 1000) ms is out of range (5 to 50 ms)"
        case .pitchRangeInvalid(let minHz, let maxHz):
            return
                "pitch range \(minHz)-\(maxHz) Hz is invalid (need 30 <= min, max <= 1000, max >= 1.5 x min)"
        case .voicingThresholdOutOfRange(let value):
            return "voicing threshold \(value) is out of range (0.1 to 0.95)"
        case .windowOutOfRange(let name, let seconds):
            return "\(name) of \(seconds) s is out of range"
        }
    }
}
