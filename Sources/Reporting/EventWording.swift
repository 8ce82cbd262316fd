import Core
import Foundation

/// Conversation events in plain words, in each language ToneCoach speaks ("dead air 0:28,
/// 8 s"), for the text output and the after-call report. Addressed to the agent.
public enum EventWording {
    /// `m:ss` of a call time.
    public static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        return "\(whole / 60):" + String(format: "%02d", whole % 60)
    }

    /// Seconds with one decimal, or whole seconds from 10 s.
    public static func span(_ seconds: Double) -> String {
        seconds >= 10 ? "\(Int(seconds.rounded())) s" : String(format: "%.1f s", seconds)
    }

    /// The event in `language` (en, pt, es, ro; English otherwise).
    public static func describe(_ event: ConversationEvent, language: String) -> String {
        let at = clock(event.startSeconds)
        let until = clock(event.endSeconds)
        let length = span(event.seconds)
        switch (event.kind, language) {
        case (.deadAir, "pt"): return "silêncio longo em \(at), \(length)"
        case (.deadAir, "es"): return "silencio largo a las \(at), \(length)"
        case (.deadAir, "ro"): return "tăcere lungă la \(at), \(length)"
        case (.deadAir, _): return "dead air \(at), \(length)"
        case (.customerCutIn, "pt"): return "o cliente interrompeu em \(at); continuou a falar \(length)"
        case (.customerCutIn, "es"): return "el cliente interrumpió a las \(at); seguiste hablando \(length)"
        case (.customerCutIn, "ro"): return "clientul a intervenit la \(at); ai continuat să vorbești \(length)"
        case (.customerCutIn, _): return "customer cut in at \(at), you talked on for \(length)"
        case (.agentCutIn, "pt"): return "interrompeu o cliente em \(at), falaram ao mesmo tempo \(length)"
        case (.agentCutIn, "es"): return "interrumpiste al cliente a las \(at), hablasteis a la vez \(length)"
        case (.agentCutIn, "ro"): return "l-ai întrerupt pe client la \(at), ați vorbit simultan \(length)"
        case (.agentCutIn, _): return "you cut in at \(at) and talked over the customer for \(length)"
        case (.customerUpset, "pt"): return "cliente aborrecido \(at)–\(until)"
        case (.customerUpset, "es"): return "cliente molesto \(at)–\(until)"
        case (.customerUpset, "ro"): return "client supărat \(at)–\(until)"
        case (.customerUpset, _): return "customer upset \(at)–\(until)"
        }
    }
}
