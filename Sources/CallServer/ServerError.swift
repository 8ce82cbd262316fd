/// Why the server cannot start.
public enum ServerError: Error, Equatable, CustomStringConvertible {
    case cannotListen(address: String, reason: String)
    case summaries(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotListen(let address, let reason): return "cannot listen on \(address): \(reason)"
        case .summaries(let path, let reason): return "cannot write summaries to \(path): \(reason)"
        }
    }
}
