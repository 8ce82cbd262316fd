import Core
import Foundation

/// The clients allowed to stream calls: one API key per line with its client secret in
/// base64 (`API-KEY CLIENT-SECRET-BASE64`). A key listed without a secret may connect without
/// a signature. Blank lines and lines starting with `#` are ignored. Keys and secrets are never
/// printed: errors name the line, not its content.
public struct APIKeyStore: Sendable {
    private let secrets: [String: [UInt8]]

    /// Keys and their secrets (an empty secret: unsigned connections allowed for that key).
    public init(secrets: [String: [UInt8]]) {
        self.secrets = secrets
    }

    /// Reads and checks a key file's text.
    public init(text: String) throws(APIKeyFileError) {
        var secrets: [String: [UInt8]] = [:]
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count <= 2 else {
                throw .malformed(line: index + 1, reason: "expected an API key and a base64 client secret, found \(fields.count) fields")
            }
            let key = String(fields[0])
            guard key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw .malformed(line: index + 1, reason: "the API key holds characters an HTTP header cannot carry")
            }
            guard secrets[key] == nil else { throw .malformed(line: index + 1, reason: "this API key is listed twice") }
            if fields.count == 2 {
                guard let secret = Data(base64Encoded: String(fields[1])), !secret.isEmpty else {
                    throw .malformed(line: index + 1, reason: "the client secret is not base64")
                }
                secrets[key] = Array(secret)
            } else {
                secrets[key] = []
            }
        }
        guard !secrets.isEmpty else { throw .empty }
        self.secrets = secrets
    }

    /// Reads a key file.
    public init(path: String) throws(APIKeyFileError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .unreadable(path: path, reason: MissingFile.reason(path: path))
        }
        guard !isFolder.boolValue else { throw .unreadable(path: path, reason: "it is a folder") }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) == 0 ? "it cannot be read" : String(cString: strerror(errno)).lowercased()
            throw .unreadable(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformed(line: 0, reason: "the file is not UTF-8 text")
        }
        try self.init(text: text)
    }

    /// Why the key file at `path` is too open, or nil: the secrets sign every connection, so
    /// other users should not read them (the file's group or others may read it).
    public static func exposure(path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & 0o044 != 0 else { return nil }
        let mode = String(status.st_mode & 0o777, radix: 8)
        return "the API key file \(path) can be read by other users (mode \(String(repeating: "0", count: max(0, 3 - mode.count)) + mode)); chmod 600 it"
    }

    /// The secret for `key`: nil for an unknown key, empty when the key may connect unsigned.
    public func secret(for key: String) -> [UInt8]? { secrets[key] }

    /// How many keys the store holds.
    public var count: Int { secrets.count }
}

/// Why an API key file cannot be used.
public enum APIKeyFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(line: Int, reason: String)
    case empty

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read the API key file \(path): \(reason)"
        case .malformed(let line, let reason):
            return line > 0 ? "API key file, line \(line): \(reason)" : "API key file: \(reason)"
        case .empty: return "the API key file lists no key: no client could connect"
        }
    }
}
