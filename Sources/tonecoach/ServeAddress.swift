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
        var host = Self.defaultHost
        var portText = Substring(argument)
        if argument.hasPrefix("["), let close = argument.firstIndex(of: "]") {
            host = String(argument[argument.index(after: argument.startIndex)..<close])
            let rest = argument[argument.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else if let colon = argument.lastIndex(of: ":") {
            host = String(argument[..<colon])
            portText = argument[argument.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(" "), let port = Int(portText), (0...65535).contains(port) else { return nil }
        self.host = host
        self.port = port
    }

    static var defaultValueDescription: String { "127.0.0.1:PORT" }
}

extension ServeAddress: CustomStringConvertible {
    /// `HOST:PORT`, as `--help` shows a default.
    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
