import Synchronization

/// What the capture thread and the session share: the running flag and the device's counters.
final class SharedState: Sendable {
    let running = Atomic<Bool>(false)
    let overruns = Atomic<Int>(0)
    let suspends = Atomic<Int>(0)
    let disconnects = Atomic<Int>(0)
    let reconnects = Atomic<Int>(0)
}
