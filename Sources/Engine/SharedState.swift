import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// State both threads and the output side see: flags and counters, all atomic.
final class SharedState: Sendable {
    let running = Atomic<Bool>(false)
    let captureEnded = Atomic<Bool>(false)
    let analysisEnded = Atomic<Bool>(false)
    let overruns = Atomic<Int>(0)
    let suspends = Atomic<Int>(0)
    let droppedSamples = Atomic<Int>(0)
    let droppedFrames = Atomic<Int>(0)
    let disconnects = Atomic<Int>(0)
    let reconnects = Atomic<Int>(0)
}
