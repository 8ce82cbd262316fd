/// What an AudioHook connection request says about itself: the parts an HTTP message
/// signature covers. Header names are matched without regard to case.
public struct SignedRequest: Sendable {
    /// The request target: path and query, as sent (`/api/v1/audiohook/ws`).
    public var target: String
    /// The authority: the Host header, lowercased, as RFC 9421 defines `@authority`.
    public var authority: String
    private var headers: [String: String]

    public init(target: String, authority: String, headers: [(name: String, value: String)]) {
        self.target = target
        self.authority = authority.lowercased()
        var fields: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            // Repeated fields combine with ", " (RFC 9110).
            fields[key] = fields[key].map { $0 + ", " + value } ?? value
        }
        self.headers = fields
    }

    /// A header's value, trimmed; nil when absent.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()].map { $0.trimmingCharacters(in: [" ", "\t"]) }
    }
}
