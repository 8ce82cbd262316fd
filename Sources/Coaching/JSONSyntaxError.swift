import Foundation

/// Where a JSON text stops being JSON, as a line and column a person can find in an editor.
/// Foundation's parser reports only a character offset ("around character 19") and the decoder
/// not even that, so the offset is taken from the parser and turned into a position here.
struct JSONSyntaxError {
    /// 1-based line and column (in characters) of the problem.
    let line: Int
    let column: Int
    /// What is wrong, in words: "invalid value", "the file ends before the JSON does".
    let reason: String

    /// The syntax error in `data`, or nil when it parses.
    init?(_ data: Data) {
        let message: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "unreadable content"
        }
        let lower = message.lowercased()
        var offset = data.count
        if let range = lower.range(of: "around character ") {
            offset = Int(lower[range.upperBound...].prefix { $0.isNumber }) ?? data.count
        }
        offset = min(max(0, offset), data.count)
        let before = data.prefix(offset)
        line = 1 + before.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? before.startIndex
        column = 1 + String(decoding: data[lineStart..<(before.startIndex + offset)], as: UTF8.self).count
        if lower.contains("end of file") || lower.contains("unexpected end") {
            reason = "the file ends before the JSON does"
        } else if lower.contains("control character") {
            reason = "a control character inside text; write it as an escape such as \\n"
        } else if lower.contains("invalid value") {
            reason = "a value that is not JSON: text needs double quotes, numbers no units"
        } else if lower.contains("garbage at end") || lower.contains("after top-level") {
            reason = "more text after the profile's closing brace"
        } else if lower.contains("unicode") || lower.contains("utf") {
            reason = "not UTF-8 text"
        } else {
            reason = message.replacingOccurrences(of: #"\s*around character \d+\.?"#, with: "", options: .regularExpression)
                .lowercased()
        }
    }
}
