import ServiceLifecycleTestKit
import Synchronization
import Testing

@testable import CallServer

/// The drain asks every open session to end when the server shuts down, and holds the
/// shutdown until the sessions have ended (or its wait runs out).
@Suite("SessionDrain: ending open sessions before the server stops")
struct SessionDrainTests {
    /// Counts how often each session was asked to end.
    final class Asked: Sendable {
        let counts = Mutex<[String: Int]>([:])
        func ender(_ name: String) -> SessionDrain.Ender {
            { self.count(name) }
        }
        func count(_ name: String) { counts.withLock { $0[name, default: 0] += 1 } }
        subscript(_ name: String) -> Int { counts.withLock { $0[name] ?? 0 } }
    }

    /// How long a condition may take to hold. Generous: a busy test run (other suites block
    /// the cooperative threads for tens of seconds on this 2-core machine) delays tasks, and
    /// a condition that holds ends the wait at once.
    static let patience = 120.0

    static func waitUntil(_ seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    @Test("nothing is asked before shutdown; on shutdown each open session is asked once, and the drain returns only when they have ended")
    func drainsOpenSessions() async throws {
        let drain = SessionDrain(waitSeconds: 30)
        let asked = Asked()
        let first = drain.add(asked.ender("first"))
        let second = drain.add(asked.ender("second"))
        let gone = drain.add(asked.ender("gone"))
        drain.remove(gone)
        let returned = Asked()  // counts the drain's return
        await testGracefulShutdown { trigger in
            let running = Task {
                try? await drain.run()
                returned.count("drain")
            }
            try? await Task.sleep(for: .milliseconds(50))
            #expect(asked["first"] == 0 && asked["second"] == 0)
            #expect(!drain.isDraining)

            trigger.triggerGracefulShutdown()
            #expect(await Self.waitUntil(Self.patience) { asked["first"] == 1 && asked["second"] == 1 })
            #expect(asked["gone"] == 0, "a session that has ended is not asked")
            #expect(drain.isDraining, "the health check says so from now on")

            drain.remove(first)
            try? await Task.sleep(for: .milliseconds(100))
            #expect(returned["drain"] == 0, "one session is still open")

            drain.remove(second)
            #expect(await Self.waitUntil(Self.patience) { returned["drain"] == 1 })
            await running.value
        }
        #expect(asked["first"] == 1 && asked["second"] == 1)
    }

    @Test("a session that opens while the server drains is asked to end at once")
    func lateSessionIsAsked() async throws {
        let drain = SessionDrain(waitSeconds: 30)
        let asked = Asked()
        let early = drain.add(asked.ender("early"))
        await testGracefulShutdown { trigger in
            let running = Task { try? await drain.run() }
            trigger.triggerGracefulShutdown()
            #expect(await Self.waitUntil(Self.patience) { asked["early"] == 1 })
            let late = drain.add(asked.ender("late"))
            #expect(await Self.waitUntil(Self.patience) { asked["late"] == 1 })
            drain.remove(early)
            drain.remove(late)
            await running.value
        }
    }

    @Test("a session that never ends holds the shutdown for the drain's wait, then the drain returns with it still open")
    func waitIsBounded() async throws {
        let drain = SessionDrain(waitSeconds: 1)
        let asked = Asked()
        _ = drain.add(asked.ender("stuck"))
        await testGracefulShutdown { trigger in
            let started = ContinuousClock.now
            let running = Task { try? await drain.run() }
            trigger.triggerGracefulShutdown()
            await running.value
            // No upper bound on the time: a busy run delays the drain's task. What bounds the
            // wait is that the drain returns although the session never ended.
            #expect(ContinuousClock.now - started >= .milliseconds(950))
            #expect(asked["stuck"] == 1)
            #expect(drain.openCount == 1)
        }
    }

    @Test("cancelled before any shutdown (the server could not start): returns without asking anyone")
    func cancelledReturns() async throws {
        let drain = SessionDrain(waitSeconds: 30)
        let asked = Asked()
        _ = drain.add(asked.ender("open"))
        let running = Task { try await drain.run() }
        try? await Task.sleep(for: .milliseconds(20))
        running.cancel()
        try await running.value
        #expect(asked["open"] == 0)
    }
}
