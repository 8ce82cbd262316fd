import Synchronization

/// The calls open now, by conversation id: for the agent's page, the supervisor's list, the
/// publisher, and --max-calls.
final class CallRegistry: Sendable {
    private let calls = Mutex<[String: ServedCall]>([:])

    /// Adds a call unless `limit` calls are open, or one with the same conversation id is.
    func add(_ call: ServedCall, limit: Int) -> Bool {
        calls.withLock { calls in
            guard calls.count < limit, calls[call.call.conversationId] == nil else { return false }
            calls[call.call.conversationId] = call
            return true
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
