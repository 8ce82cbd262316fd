import Foundation

/// One entry of a `Signature-Input` field (RFC 9421 over RFC 8941 structured fields): a label,
/// the covered components in order, and the parameters — kept exactly as sent, because the
/// signature base repeats them byte for byte.
struct SignatureInput: Equatable {
    var label: String
    var components: [String]
    var parameters: [String: String]
    /// The entry's value as sent (the inner list and its parameters), for `@signature-params`.
    var serializedParameters: String

    /// Parses `label=("a" "b");k="v";n=1, label2=(…)…`; nil when malformed.
    static func parse(_ field: String) -> [SignatureInput]? {
        var entries: [SignatureInput] = []
        for member in splitMembers(field) {
            guard let equals = member.firstIndex(of: "=") else { return nil }
            let label = member[..<equals].trimmingCharacters(in: .whitespaces)
            let value = member[member.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard isToken(label), value.hasPrefix("("), let close = value.firstIndex(of: ")") else { return nil }
            let inner = value[value.index(after: value.startIndex)..<close]
            var components: [String] = []
            for item in inner.split(separator: " ", omittingEmptySubsequences: true) {
                guard item.count >= 2, item.hasPrefix("\""), item.hasSuffix("\"") else { return nil }
                components.append(String(item.dropFirst().dropLast()))
            }
            var parameters: [String: String] = [:]
            for parameter in value[value.index(after: close)...].split(separator: ";", omittingEmptySubsequences: true) {
                let parts = parameter.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                var text = parts[1].trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("\"") {
                    guard text.count >= 2, text.hasSuffix("\"") else { return nil }
                    text = String(text.dropFirst().dropLast())
                }
                parameters[name] = text
            }
            entries.append(
                SignatureInput(label: label, components: components, parameters: parameters, serializedParameters: value))
        }
        return entries.isEmpty ? nil : entries
    }

    /// Parses a `Signature` field: `label=:base64:` members; nil when malformed.
    static func parseSignatures(_ field: String) -> [String: Data]? {
        var signatures: [String: Data] = [:]
        for member in splitMembers(field) {
            guard let equals = member.firstIndex(of: "=") else { return nil }
            let label = member[..<equals].trimmingCharacters(in: .whitespaces)
            let value = member[member.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard isToken(label), value.count >= 2, value.hasPrefix(":"), value.hasSuffix(":"),
                let bytes = Data(base64Encoded: String(value.dropFirst().dropLast()))
            else { return nil }
            signatures[label] = bytes
        }
        return signatures.isEmpty ? nil : signatures
    }

    /// Splits a dictionary field at top-level commas (never inside quotes or parentheses).
    private static func splitMembers(_ field: String) -> [String] {
        var members: [String] = []
        var current = ""
        var quoted = false
        var depth = 0
        for character in field {
            switch character {
            case "\"": quoted.toggle()
            case "(" where !quoted: depth += 1
            case ")" where !quoted: depth -= 1
            case "," where !quoted && depth == 0:
                members.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { members.append(current) }
        return members
    }

    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.*".unicodeScalars.contains($0) }
    }
}
