import Foundation
import Realtime
import Synchronization

/// A small fixed set of threads that analyse every call of the server: a call with new audio
/// is queued once, a free thread takes the oldest queued call and analyses everything it has,
/// so calls are served in turn (fair) and never two threads on one call. A call whose input
/// has ended is finished on the thread that analyses it last.
///
/// The threads take no lock and allocate nothing: the ready queue and the finished calls are
/// lock-free queues with a cell for every call the server admits (a call sits in each at most
/// once at a time, and stays in the registry until the publisher has taken it from
/// `finished`), and the analysis itself allocates nothing.
final class AnalysisPool: @unchecked Sendable {
    // @unchecked Sendable: `threads` is set in init and read in stop() by the server alone;
    // everything the threads share is a lock-free queue or an atomic.
    // A call's scheduling state, in ServedCall.schedule.
    static let idle = 0
    static let queued = 1
    static let running = 2
    /// Running, and new audio arrived meanwhile: queue it again when this turn ends.
    static let runningAgain = 3

    private let ready: MPMCQueue<ServedCall>
    private let wake = WakeSignal()
    private let stopping = Atomic<Bool>(false)
    private var threads: [JoinableThread] = []
    /// Calls whose analysis has finished, for the publisher to write out.
    let finished: MPMCQueue<ServedCall>

    /// `threadCount` threads for a server that holds at most `maximumCalls` calls at once.
    init(threadCount: Int, maximumCalls: Int) {
        ready = MPMCQueue(minimumCapacity: max(maximumCalls, 1))
        finished = MPMCQueue(minimumCapacity: max(maximumCalls, 1))
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
                    ready.pushWaiting(call)
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

    private func run() {
        while true {
            guard let call = ready.pop() else {
                if stopping.load(ordering: .acquiring) { return }
                _ = wake.wait(timeoutNanos: 100_000_000)
                continue
            }
            _ = call.schedule.exchange(Self.running, ordering: .acquiringAndReleasing)
            call.pipeline.analyseAvailable()
            if call.pipeline.isInputEnded && !call.pipeline.isFinished {
                call.pipeline.finish()
                finished.pushWaiting(call)
            }
            // Back to idle, unless audio arrived during the turn: then queue it again.
            if !call.schedule.compareExchange(expected: Self.running, desired: Self.idle, ordering: .acquiringAndReleasing)
                .exchanged
            {
                call.schedule.store(Self.queued, ordering: .releasing)
                ready.pushWaiting(call)
                wake.signal()
            }
        }
    }
}
