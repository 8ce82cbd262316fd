import Synchronization

/// The calls open now, by conversation id: for the agent's page, the supervisor's list, the
/// publisher, and --max-calls.
final class CallRegistry: Sendable {
    private let calls = Mutex<[String: ServedCall]>([:])

    /// Whether a call was let in, and why not.
    enum Admission { case admitted, full, duplicate }

    /// Adds a call unless `limit` calls are open, or one with the same conversation id is.
    func add(_ call: ServedCall, limit: Int) -> Admission {
        calls.withLock { calls in
            guard calls[call.call.conversationId] == nil else { return .duplicate }
            guard calls.count < limit else { return .full }
            calls[call.call.conversationId] = call
            return .admitted
        }
    }

    func remove(_ call: ServedCall) {
        calls.withLock { calls in
            if calls[call.call.conversationId] === call { calls[call.call.conversationId] = nil }
        }
    }

    func call(_ conversationId: String) -> ServedCall? { calls.withLock { $0[conversationId.lowercased()] } }

    var all: [ServedCall] { calls.withLock { Array($0.values) } }

    var count: Int { calls.withLock { $0.count } }
}
