import Foundation
import Reporting

/// The live page's own words, in each language of the cues (`--lang`). The cue texts come from
/// the coaching profile; these are the page's frame around them.
public struct LivePageWords: Sendable, Equatable {
    public var waiting: String
    public var reconnecting: String
    public var ended: String
    public var talking: String
    public var listening: String
    public var silence: String
    public var pace: String
    public var volume: String
    public var voice: String
    public var slow: String
    public var good: String
    public var fast: String
    public var soft: String
    public var loud: String
    public var flat: String
    public var lively: String

    /// The words for `language` (English for one the page does not know).
    public static func words(for language: String) -> LivePageWords {
        switch language {
        case "pt":
            return LivePageWords(
                waiting: "À espera da chamada…", reconnecting: "A religar…", ended: "Chamada terminada",
                talking: "a falar", listening: "a ouvir", silence: "silêncio", pace: "ritmo", volume: "volume",
                voice: "voz", slow: "lento", good: "bom", fast: "rápido", soft: "baixo", loud: "alto",
                flat: "monótona", lively: "expressiva")
        case "es":
            return LivePageWords(
                waiting: "Esperando la llamada…", reconnecting: "Reconectando…", ended: "Llamada terminada",
                talking: "hablando", listening: "escuchando", silence: "silencio", pace: "ritmo", volume: "volumen",
                voice: "voz", slow: "lento", good: "bien", fast: "rápido", soft: "bajo", loud: "alto",
                flat: "plana", lively: "expresiva")
        case "ro":
            return LivePageWords(
                waiting: "Se așteaptă apelul…", reconnecting: "Se reconectează…", ended: "Apel încheiat",
                talking: "vorbiți", listening: "ascultați", silence: "liniște", pace: "ritm", volume: "volum",
                voice: "voce", slow: "lent", good: "bun", fast: "rapid", soft: "încet", loud: "tare",
                flat: "monotonă", lively: "vie")
        default:
            return LivePageWords(
                waiting: "Waiting for the call…", reconnecting: "Reconnecting…", ended: "Call ended",
                talking: "talking", listening: "listening", silence: "silence", pace: "pace", volume: "volume",
                voice: "voice", slow: "slow", good: "good", fast: "fast", soft: "soft", loud: "loud",
                flat: "flat", lively: "lively")
        }
    }

    /// The words as a JSON object for the page's script.
    var json: String {
        let pairs: [(String, String)] = [
            ("waiting", waiting), ("reconnecting", reconnecting), ("ended", ended), ("talking", talking),
            ("listening", listening), ("silence", silence), ("pace", pace), ("volume", volume), ("voice", voice),
            ("slow", slow), ("good", good), ("fast", fast), ("soft", soft), ("loud", loud), ("flat", flat),
            ("lively", lively),
        ]
        return "{" + pairs.map { "\"\($0.0)\":\(scriptString($0.1))" }.joined(separator: ",") + "}"
    }

    /// A JSON string that is also safe inside an HTML <script> element.
    func scriptString(_ text: String) -> String {
        jsonString(text).replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }
}
