import ServiceLifecycle
import Synchronization

/// The AudioHook sessions open now, and the service that ends them before the HTTP server
/// stops.
///
/// A `ServiceGroup` shuts its services down in reverse order, one after the other. Placed after
/// the HTTP application, this service is asked first: it sends each open session's client a
/// `disconnect`, waits until every session has ended (the client's `close` answered with
/// `closed`, its summaries written), and only then returns, so that the application closes no
/// connection the protocol still needs. A client that does not answer is closed on by its
/// session after ``AudioHookServer/closeWaitSeconds``; this service waits a second longer.
/// A session that opens while the server drains is asked to end at once.
final class SessionDrain: Service, Sendable {
    /// Asks one session's client to end the session.
    typealias Ender = @Sendable () async -> Void

    private struct Sessions {
        var next = 0
        var enders: [Int: Ender] = [:]
        var draining = false
    }

    private let sessions = Mutex(Sessions())
    private let waitLimit: Duration

    init(waitSeconds: Int) {
        waitLimit = .seconds(waitSeconds)
    }

    /// Registers an open session; `end` asks its client to end it. Returns the key for
    /// ``remove(_:)``, which the session calls when it has ended.
    func add(_ end: @escaping Ender) -> Int {
        let (key, draining) = sessions.withLock { sessions in
            sessions.next += 1
            sessions.enders[sessions.next] = end
            return (sessions.next, sessions.draining)
        }
        if draining { Task { await end() } }
        return key
    }

    func remove(_ key: Int) {
        _ = sessions.withLock { $0.enders.removeValue(forKey: key) }
    }

    var openCount: Int { sessions.withLock { $0.enders.count } }

    /// Whether the server has begun to shut down (for the health check: a load balancer
    /// should send no new calls).
    var isDraining: Bool { sessions.withLock { $0.draining } }

    func run() async throws {
        // Until the group shuts down gracefully; cancelled (the server failed), there is nothing to drain.
        do { try await gracefulShutdown() } catch { return }
        let enders = sessions.withLock { sessions in
            sessions.draining = true
            return Array(sessions.enders.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for end in enders { group.addTask { await end() } }
        }
        let deadline = ContinuousClock.now + waitLimit
        while openCount > 0 && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
