/// Something that happened between the two parties of a call, measured from their speech:
/// what the conversation cues answer and what the after-call report tells.
public enum ConversationEventKind: UInt8, Sendable, CaseIterable, BitwiseCopyable {
    /// Nobody spoke for at least the profile's dead-air time.
    case deadAir
    /// The agent started speaking while the customer spoke, and both went on.
    case agentCutIn
    /// The customer started speaking while the agent spoke, and the agent talked on.
    case customerCutIn
    /// The customer's voice rose well above their own first speech.
    case customerUpset

    /// A stable identifier for machine-readable output (`"dead_air"`).
    public var identifier: String {
        switch self {
        case .deadAir: return "dead_air"
        case .agentCutIn: return "agent_cut_in"
        case .customerCutIn: return "customer_cut_in"
        case .customerUpset: return "customer_upset"
        }
    }
}

/// One conversation event, in seconds of the call's audio (the detector's lag already taken off).
public struct ConversationEvent: Sendable, Equatable, BitwiseCopyable {
    /// What happened.
    public var kind: ConversationEventKind
    /// When it began: the end of the last word before a silence, the start of the second
    /// speaker's speech in an overlap, the first raised speech of an upset customer.
    public var startSeconds: Double
    /// When it ended.
    public var endSeconds: Double
    /// The measure behind it: the agitated customer's loudness rise in LU; otherwise 0.
    public var value: Float

    /// How long it lasted.
    public var seconds: Double { endSeconds - startSeconds }

    /// An event from its parts.
    public init(kind: ConversationEventKind, startSeconds: Double, endSeconds: Double, value: Float = 0) {
        self.kind = kind
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.value = value
    }
}
