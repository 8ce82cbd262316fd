import Foundation

/// Number formatting shared by the JSON and CSV writers: fixed decimals, shortest form, no locale.
public enum Number {
    /// `value` rounded to `decimals` places, written without trailing noise ("123.45", "-23.0").
    /// A value that is not finite (which no stage should produce) is written `null`, never as
    /// `inf` or `nan`, which are not JSON.
    public static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "null" }
        let scale = pow(10.0, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? "0.0" : "\(rounded)"
    }

    /// As `format`, or `null` for nil.
    public static func json(_ value: Double?, decimals: Int) -> String {
        value.map { format($0, decimals: decimals) } ?? "null"
    }

    /// As `format`, or an empty CSV cell for nil.
    public static func csv(_ value: Double?, decimals: Int) -> String {
        value.flatMap { $0.isFinite ? format($0, decimals: decimals) : nil } ?? ""
    }
}

/// A JSON string literal for `text`.
public func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// A CSV cell for `text`, quoted when it needs to be (RFC 4180).
public func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
