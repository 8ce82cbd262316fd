import Foundation
import Realtime
import Synchronization

/// A small fixed set of threads that analyse every call of the server: a call with new audio
/// is queued once, a free thread takes the oldest queued call and analyses everything it has,
/// so calls are served in turn (fair) and never two threads on one call. A call whose input
/// has ended is finished on the thread that analyses it last.
///
/// The only lock is the ready queue's, held for a push or a pop (once per call per turn, never
/// per sample or hop); the analysis itself runs outside it and allocates nothing.
final class AnalysisPool: @unchecked Sendable {
    // @unchecked Sendable: `threads` is set in init and read in stop() by the server alone;
    // everything the threads share is a Mutex or an atomic.
    // A call's scheduling state, in ServedCall.schedule.
    static let idle = 0
    static let queued = 1
    static let running = 2
    /// Running, and new audio arrived meanwhile: queue it again when this turn ends.
    static let runningAgain = 3

    private let ready = Mutex<ReadyQueue>(ReadyQueue())
    private let wake = WakeSignal()
    private let stopping = Atomic<Bool>(false)
    private var threads: [JoinableThread] = []
    /// Calls whose analysis has finished, for the publisher to write out.
    let finished = Mutex<[ServedCall]>([])

    struct ReadyQueue: ~Copyable {
        var calls: [ServedCall] = []
        var head = 0
        init() { calls.reserveCapacity(4096) }
    }

    init(threadCount: Int) {
        threads = (0..<max(threadCount, 1)).map { _ in
            JoinableThread(realtimePriority: nil) { [self] in self.run() }
        }
    }

    /// Marks `call` as having work; queues it unless it is queued or running already. Every
    /// step is a read-modify-write on the call's state, so a turn that has begun either sees
    /// the audio written before this call or is told to run again.
    func schedule(_ call: ServedCall) {
        var state = call.schedule.load(ordering: .relaxed)
        while true {
            let desired = state == Self.idle ? Self.queued : state == Self.running ? Self.runningAgain : state
            let (exchanged, original) = call.schedule.compareExchange(
                expected: state, desired: desired, ordering: .acquiringAndReleasing)
            if exchanged {
                if state == Self.idle {
                    ready.withLock { $0.calls.append(call) }
                    wake.signal()
                }
                return
            }
            state = original
        }
    }

    /// Stops the threads once the queue is empty.
    func stop() {
        stopping.store(true, ordering: .releasing)
        for _ in threads { wake.signal() }
        for thread in threads { thread.join() }
        threads = []
    }

    private func take() -> ServedCall? {
        ready.withLock { queue in
            guard queue.head < queue.calls.count else { return nil }
            let call = queue.calls[queue.head]
            queue.head += 1
            if queue.head > 1024 && queue.head * 2 > queue.calls.count {
                queue.calls.removeFirst(queue.head)  // amortised: the array keeps its capacity
                queue.head = 0
            }
            return call
        }
    }

    private func run() {
        while true {
            guard let call = take() else {
                if stopping.load(ordering: .acquiring) { return }
                _ = wake.wait(timeoutNanos: 100_000_000)
                continue
            }
            _ = call.schedule.exchange(Self.running, ordering: .acquiringAndReleasing)
            call.pipeline.analyseAvailable()
            if call.pipeline.isInputEnded && !call.pipeline.isFinished {
                call.pipeline.finish()
                finished.withLock { $0.append(call) }
            }
            // Back to idle, unless audio arrived during the turn: then queue it again.
            if !call.schedule.compareExchange(expected: Self.running, desired: Self.idle, ordering: .acquiringAndReleasing)
                .exchanged
            {
                call.schedule.store(Self.queued, ordering: .releasing)
                ready.withLock { $0.calls.append(call) }
                wake.signal()
            }
        }
    }
}
