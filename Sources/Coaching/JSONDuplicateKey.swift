import Foundation

/// The first key that appears twice in one JSON object, as a dotted path and the line it is
/// repeated on. JSON parsers (Foundation's among them) keep the last of two equal keys, so a
/// profile that sets `conversation.dead_air_s` twice would silently ignore one of them.
///
/// Run on text that has already parsed as JSON: it walks the structure and compares keys as
/// JSON text decodes them (`"a"` and `"\u0061"` are the same key).
struct JSONDuplicateKey {
    /// The repeated key's path, `conversation.dead_air_s` (array elements by index).
    let path: String
    /// 1-based line of the second occurrence.
    let line: Int

    init?(_ data: Data) {
        var walker = Walker(bytes: [UInt8](data))
        walker.value(path: [])
        guard let found = walker.found else { return nil }
        path = found.path.joined(separator: ".")
        line = 1 + walker.bytes[..<found.offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    private struct Walker {
        let bytes: [UInt8]
        var position = 0
        var found: (path: [String], offset: Int)?

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func value(path: [String]) {
            skipWhitespace()
            guard found == nil, position < bytes.count else { return }
            switch bytes[position] {
            case UInt8(ascii: "{"): object(path: path)
            case UInt8(ascii: "["): array(path: path)
            case UInt8(ascii: "\""): _ = string()
            default:  // a number, true, false or null: up to the next delimiter
                while position < bytes.count, !Self.ends(bytes[position]) { position += 1 }
            }
        }

        private mutating func object(path: [String]) {
            position += 1
            var keys = Set<String>()
            while found == nil {
                skipWhitespace()
                guard position < bytes.count else { return }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                let start = position
                let key = string()
                if !keys.insert(key).inserted {
                    found = (path + [key], start)
                    return
                }
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: ":") { position += 1 }
                value(path: path + [key])
            }
        }

        private mutating func array(path: [String]) {
            position += 1
            var index = 0
            while found == nil {
                skipWhitespace()
                guard position < bytes.count else { return }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return }
                if bytes[position] == UInt8(ascii: ",") { position += 1; index += 1; continue }
                value(path: path + [String(index)])
            }
        }

        /// A string literal from its opening quote, decoded as JSON decodes it.
        private mutating func string() -> String {
            let start = position
            position += 1
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
            }
            position = min(position + 1, bytes.count)
            let literal = Data(bytes[start..<position])
            return (try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed)) as? String
                ?? String(decoding: literal, as: UTF8.self)
        }

        private mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        private static func ends(_ byte: UInt8) -> Bool {
            [UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(byte)
        }
    }
}
