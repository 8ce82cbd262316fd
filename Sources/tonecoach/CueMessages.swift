import Core

extension CueKind {
    /// The words shown to the agent: short enough for a one-line overlay.
    var message: String {
        switch self {
        case .slowDown: return "Slow down"
        case .speedUp: return "Pick up the pace a little"
        case .lowerVoice: return "Lower your voice"
        case .speakUp: return "Speak up"
        case .liftTone: return "Lift your tone — you sound flat"
        }
    }
}
