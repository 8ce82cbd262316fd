import ArgumentParser

/// `--serve [HOST:]PORT`: where the live page listens. The host defaults to 127.0.0.1, so the
/// page is reachable from this machine only unless the agent asks otherwise; `[::1]:8080` for
/// IPv6; port 0 picks a free one (printed at start).
struct ServeAddress: ExpressibleByArgument, Equatable {
    var host: String
    var port: Int

    static let defaultHost = "127.0.0.1"

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(argument: String) {
        guard let parsed = try? Self(parsing: argument) else { return nil }
        self = parsed
    }

    /// Parses `[HOST:]PORT`, `[IPv6]:PORT` or `PORT`; the error says what is wrong with it.
    init(parsing argument: String) throws(ValidationError) {
        var host = Self.defaultHost
        var portText = Substring(argument)
        if argument.hasPrefix("[") {
            guard let close = argument.firstIndex(of: "]") else {
                throw ValidationError("'\(argument)' opens an IPv6 address with '[' but never closes it with ']'")
            }
            host = String(argument[argument.index(after: argument.startIndex)..<close])
            let rest = argument[argument.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ValidationError("'\(argument)' has no ':PORT' after the IPv6 address") }
            portText = rest.dropFirst()
        } else if let colon = argument.lastIndex(of: ":") {
            host = String(argument[..<colon])
            portText = argument[argument.index(after: colon)...]
        }
        if host.isEmpty { throw ValidationError("'\(argument)' has no host before the ':' (leave out the ':' for 127.0.0.1)") }
        if host.contains(" ") { throw ValidationError("the host '\(host)' holds a space") }
        guard let port = Int(portText) else {
            throw ValidationError(portText.isEmpty ? "'\(argument)' has no port" : "the port '\(portText)' is not a whole number")
        }
        guard (0...65535).contains(port) else { throw ValidationError("port \(port) is out of range: ports go from 0 to 65535 (0 picks a free one)") }
        self.host = host
        self.port = port
    }

    static var defaultValueDescription: String { "127.0.0.1:PORT" }
}

extension ServeAddress: CustomStringConvertible {
    /// `HOST:PORT`, as `--help` shows a default.
    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
