/// What a coaching cue asks of the agent. Plain identifiers: the words are chosen on the
/// output side, never on the audio or analysis threads.
public enum CueKind: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    /// Sustained syllable rate above the upper bound.
    case slowDown
    /// Sustained syllable rate below the lower bound.
    case speedUp
    /// Sustained loudness above the upper bound, or well above the agent's own start.
    case lowerVoice
    /// Sustained loudness below the lower bound, or well below the agent's own start.
    case speakUp
    /// Sustained low pitch variability: a flat, monotone delivery.
    case liftTone
    /// The agent started talking over the customer and kept on.
    case letThemFinish
    /// Nobody has spoken for a long while.
    case deadAir
    /// The agent has done nearly all the talking lately: let the customer speak (and vent).
    case letCustomerTalk
    /// The customer's pitch and loudness rose well above their own baseline.
    case acknowledgeFeelings
    /// The agent's voice is very loud: far above any comfortable level, or their own start.
    case shouting

    /// A stable identifier for machine-readable output (`"slow_down"`).
    public var identifier: String {
        switch self {
        case .slowDown: return "slow_down"
        case .speedUp: return "speed_up"
        case .lowerVoice: return "lower_voice"
        case .speakUp: return "speak_up"
        case .liftTone: return "lift_tone"
        case .letThemFinish: return "let_them_finish"
        case .deadAir: return "dead_air"
        case .letCustomerTalk: return "let_customer_talk"
        case .acknowledgeFeelings: return "acknowledge_feelings"
        case .shouting: return "shouting"
        }
    }
}

/// One cue that fired: which, when, on which analysed channel, and the measured value that
/// triggered it (syllables per second, LUFS, semitones, seconds or a talk share, by kind).
public struct Cue: Sendable, Equatable, BitwiseCopyable {
    /// What the cue asks.
    public var kind: CueKind
    /// Stream time at which it fired, in seconds.
    public var timeSeconds: Double
    /// Position of the channel among the analysed ones.
    public var channel: Int
    /// The measurement behind the cue.
    public var value: Float

    /// A cue from its parts.
    public init(kind: CueKind, timeSeconds: Double, channel: Int, value: Float) {
        self.kind = kind
        self.timeSeconds = timeSeconds
        self.channel = channel
        self.value = value
    }
}
