import ArgumentParser

/// `[HOST:]PORT`: where `serve` and the live page listen. The host defaults to 127.0.0.1, so
/// nothing is reachable from another machine unless asked; an IPv6 host goes in brackets
/// (`[::1]:8080`); port 0 picks a free one (printed at start).
struct ServeAddress: Equatable {
    var host: String
    var port: Int

    static let defaultHost = "127.0.0.1"

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `[HOST:]PORT`, `[IPv6]:PORT` or `PORT`; the error says what is wrong with it
    /// (ArgumentParser prints the value itself before it).
    init(parsing argument: String) throws(ValidationError) {
        var host = Self.defaultHost
        var portText = Substring(argument)
        if argument.hasPrefix("[") {
            guard let close = argument.firstIndex(of: "]") else {
                throw ValidationError("an IPv6 address opened with '[' must be closed with ']', as in [::1]:8080")
            }
            host = String(argument[argument.index(after: argument.startIndex)..<close])
            if host.isEmpty { throw ValidationError("the brackets hold no IPv6 address, as in [::1]:8080") }
            let rest = argument[argument.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ValidationError("a ':PORT' must follow the IPv6 address, as in [::1]:8080") }
            portText = rest.dropFirst()
        } else if let colon = argument.lastIndex(of: ":") {
            host = String(argument[..<colon])
            portText = argument[argument.index(after: colon)...]
            if host.contains(":") {
                throw ValidationError("the host '\(host)' holds a ':' (an IPv6 address goes in brackets, as in [::1]:8080)")
            }
            if host.isEmpty { throw ValidationError("no host before the ':' (give only the port for 127.0.0.1)") }
        }
        if host.contains(where: \.isWhitespace) { throw ValidationError("the host holds a space") }
        guard let port = Int(portText) else {
            throw ValidationError(portText.isEmpty ? "no port after the ':'" : "the port '\(portText)' is not a whole number")
        }
        guard (0...65535).contains(port) else {
            throw ValidationError("port \(port) is out of range: ports go from 0 to 65535 (0 picks a free one)")
        }
        self.host = host
        self.port = port
    }
}

extension ServeAddress: CustomStringConvertible {
    /// `HOST:PORT`, as messages show it.
    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
