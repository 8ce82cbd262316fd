import Realtime

/// The live session's analysis thread: waits for the capture thread's wake-up, runs the call
/// pipeline over what arrived, and finishes the call when the input ends or the session stops.
final class AnalysisWorker: @unchecked Sendable {
    // @unchecked Sendable: after start() only the analysis thread drives the pipeline's
    // analysis side until the session joins it.
    let pipeline: CallPipeline
    let wake = WakeSignal()
    private let shared: SharedState

    init(pipeline: CallPipeline, shared: SharedState) {
        self.pipeline = pipeline
        self.shared = shared
    }

    func run() {
        while !pipeline.isInputEnded && shared.running.load(ordering: .acquiring) {
            wake.wait(timeoutNanos: 50_000_000)
            pipeline.analyseAvailable()
        }
        // Whatever arrived before the capture thread finished, then the frames the chain holds.
        pipeline.finish()
    }
}
