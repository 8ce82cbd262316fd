import Foundation

/// Buffered standard output: frames are many and small, so they are gathered and written in
/// large pieces. A closed pipe (e.g. `| head`) ends the program quietly.
final class OutputWriter {
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 16

    init() { buffer.reserveCapacity(flushThreshold + 4096) }

    /// Appends text and a newline.
    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Appends text as it is (no newline).
    func text(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Writes everything gathered so far.
    func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Foundation.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                exit(errno == EPIPE ? 0 : 1)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Number formatting shared by the JSON and CSV writers: fixed decimals, shortest form, no locale.
enum Number {
    /// `value` rounded to `decimals` places, written without trailing noise ("123.45", "-23.0").
    static func format(_ value: Double, decimals: Int) -> String {
        let scale = pow(10.0, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? "0.0" : "\(rounded)"
    }

    /// As `format`, or `null` for nil.
    static func json(_ value: Double?, decimals: Int) -> String {
        value.map { format($0, decimals: decimals) } ?? "null"
    }

    /// As `format`, or an empty CSV cell for nil.
    static func csv(_ value: Double?, decimals: Int) -> String {
        value.map { format($0, decimals: decimals) } ?? ""
    }
}

/// A JSON string literal for `text`.
func jsonString(_ text: String) -> String {
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
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// The names of `--channels`: comma-separated, in channel order; "-" skips a channel (nil).
func parseChannelNames(_ list: String) -> [String?] {
    list.split(separator: ",", omittingEmptySubsequences: false).map {
        let name = $0.trimmingCharacters(in: .whitespaces)
        return name == "-" ? nil : name
    }
}
