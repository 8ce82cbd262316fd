#if canImport(Glibc)
import Glibc
#endif

/// Wakes a waiting thread from another: a POSIX semaphore. `signal` is a lock-free atomic
/// increment plus, only when someone sleeps, a futex wake; it is safe on a real-time thread
/// and in a signal handler.
public final class WakeSignal: @unchecked Sendable {
    // @unchecked Sendable: sem_t is designed for exactly this cross-thread use.
    private let semaphore: UnsafeMutablePointer<sem_t>

    /// A signal with no pending wake-ups.
    public init() {
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, 0)
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    /// Wakes the waiter (or lets its next wait return at once). Real-time safe.
    public func signal() { sem_post(semaphore) }

    /// Waits until signalled or `timeoutNanos` have passed; returns whether it was signalled.
    @discardableResult
    public func wait(timeoutNanos: Int) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let total = Int(deadline.tv_nsec) + timeoutNanos
        deadline.tv_sec += total / 1_000_000_000
        deadline.tv_nsec = total % 1_000_000_000
        while true {
            if sem_timedwait(semaphore, &deadline) == 0 { return true }
            if errno != EINTR { return false }
        }
    }
}
