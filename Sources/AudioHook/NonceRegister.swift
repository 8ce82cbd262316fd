import Synchronization

/// The nonces of the signatures accepted while they are still fresh enough to be accepted
/// again: a request replayed within its signature's lifetime (the same bytes sent a second
/// time) is refused. Only signatures that verified are recorded, so a client without a key
/// cannot fill it; entries leave once their signature has gone stale.
public final class NonceRegister: Sendable {
    private struct Seen {
        /// Key and nonce, to the time after which the signature would be refused as stale anyway.
        var until: [String: Double] = [:]
        var lastPruned = -Double.infinity
    }

    private let seen = Mutex(Seen())

    public init() {}

    /// Records the nonce `nonce` of `key`'s signature, which stays acceptable until `until`;
    /// false when it was recorded before and is still acceptable: a replay.
    public func record(key: String, nonce: String, until: Double, now: Double) -> Bool {
        seen.withLock { seen in
            if now - seen.lastPruned >= 1 {
                seen.until = seen.until.filter { $0.value >= now }
                seen.lastPruned = now
            }
            let entry = key + " " + nonce
            if let previous = seen.until[entry], previous >= now { return false }
            seen.until[entry] = until
            return true
        }
    }
}
