import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// A live call: a capture thread reads the source period by period into a ``CallPipeline``;
/// an analysis thread runs the pipeline (the same ``CallAnalyzer`` and coach as offline
/// analysis); frames, cues and capture events reach the output side through lock-free rings as
/// plain values. Neither thread allocates, locks, logs or formats text in its loop; the only
/// exception is reopening a device that went away, which is not the steady state.
public final class LiveSession {
    /// The source the session captures from.
    public let source: CaptureSource
    /// The analysed channels (input index, name, role), known after ``start()``.
    public private(set) var channels: [CallChannel] = []
    /// The negotiated capture format, known after ``start()``.
    public private(set) var format = CaptureFormat(sampleRate: 0, channelCount: 0, periodFrames: 0)

    private let requestedNames: [String?]?
    private let settings: AnalysisSettings
    private let options: LiveOptions
    private let shared = SharedState()
    private var pipeline: CallPipeline?
    private var threads: [JoinableThread] = []
    private var capture: CaptureWorker?
    private var stopWake: WakeSignal?

    /// A session on `source`; nothing happens until ``start()``.
    public init(
        source: CaptureSource, channelNames: [String?]? = nil, settings: AnalysisSettings = AnalysisSettings(),
        options: LiveOptions = LiveOptions()
    ) {
        self.source = source
        requestedNames = channelNames
        self.settings = settings
        self.options = options
    }

    deinit { _ = stop() }

    /// Opens the source, builds the pipeline, and starts the capture and analysis threads.
    public func start() throws(LiveError) {
        do {
            try source.open()
        } catch {
            throw .capture(error)
        }
        format = source.format
        let names = requestedNames ?? OfflineAnalysis.defaultChannelNames(channelCount: format.channelCount)
        guard names.count == format.channelCount else {
            source.close()
            throw .channelNamesMismatch(names: names.count, channels: format.channelCount)
        }
        channels = CallChannel.selecting(names: names)
        guard !channels.isEmpty else {
            source.close()
            throw .noChannelSelected
        }
        let pipeline: CallPipeline
        do {
            pipeline = try CallPipeline(
                sampleRate: format.sampleRate, inputChannelCount: format.channelCount, channels: channels,
                settings: settings, cues: options.cues, ringSeconds: options.ringSeconds,
                blockFrames: max(format.periodFrames, 1024))
        } catch {
            source.close()
            throw .settings(error)
        }
        // Any Double is safe here: NaN or below zero stops at once, infinity or beyond 2^52 frames never.
        let stopAfterFrames = options.stopAfterSeconds.map { seconds -> Int in
            let frames = seconds * Double(format.sampleRate)
            return frames.isNaN ? 0 : Int(min(max(frames, 0), 0x1p52))
        }
        let captureWorker = CaptureWorker(
            source: source, format: format, pipeline: pipeline, shared: shared,
            stopAfterFrames: stopAfterFrames, paceFastSources: options.paceFastSources)
        let analysisWorker = AnalysisWorker(pipeline: pipeline, shared: shared)
        captureWorker.wake = analysisWorker.wake
        capture = captureWorker
        self.pipeline = pipeline
        shared.running.store(true, ordering: .releasing)
        let delay = options.analysisStartDelaySeconds
        let wake = analysisWorker.wake
        threads = [
            JoinableThread(realtimePriority: options.realtimePriority) {
                if delay > 0 { usleep(UInt32(delay * 1_000_000)) }
                analysisWorker.run()
            },
            JoinableThread(realtimePriority: options.realtimePriority) { captureWorker.run() },
        ]
        stopWake = wake
    }

    /// Whether the session is still analysing (false once a recording source has ended, the
    /// requested duration was reached, or the device came back in another format).
    public var isRunning: Bool { !(pipeline?.isFinished ?? true) }

    /// Hands everything that crossed from the capture and analysis sides since the last call
    /// to the output side's closures. Call it from one thread (the output thread) only.
    public func drain(frame: (ChannelFrame) -> Void, cue: (Cue) -> Void, event: (LiveEvent) -> Void) {
        guard let pipeline else { return }
        while let next = capture?.takeEvent() { event(next) }
        pipeline.drain(frame: frame, cue: cue)
    }

    /// Stops the threads (if still running), closes the source, and returns the call's
    /// per-channel summaries and the session's statistics.
    public func stop() -> (summaries: [ChannelSummary], statistics: LiveStatistics) {
        shared.running.store(false, ordering: .releasing)
        stopWake?.signal()
        for thread in threads { thread.join() }
        threads = []
        source.close()
        var statistics = LiveStatistics()
        statistics.overruns = shared.overruns.load(ordering: .relaxed)
        statistics.suspends = shared.suspends.load(ordering: .relaxed)
        statistics.disconnects = shared.disconnects.load(ordering: .relaxed)
        statistics.reconnects = shared.reconnects.load(ordering: .relaxed)
        statistics.sampleWarnings = capture?.sampleRange.warnings ?? []  // the capture thread has been joined
        guard let pipeline else { return ([], statistics) }
        let counters = pipeline.counters
        statistics.droppedSamples = counters.droppedSamples.load(ordering: .relaxed)
        statistics.droppedFrames = counters.droppedFrames.load(ordering: .relaxed)
        statistics.gaps = counters.gaps.load(ordering: .relaxed)
        statistics.gapSeconds = Double(counters.gapFrames.load(ordering: .relaxed)) / Double(pipeline.sampleRate)
        statistics.hops = counters.hops.load(ordering: .relaxed)
        statistics.analysisDelayMilliseconds = pipeline.delaySeconds * 1000
        let latency = pipeline.latency
        statistics.latencyP50Milliseconds = latency.percentile(0.50)
        statistics.latencyP99Milliseconds = latency.percentile(0.99)
        statistics.latencyMaxMilliseconds = latency.maximumMilliseconds
        return (pipeline.summaries(), statistics)
    }
}
