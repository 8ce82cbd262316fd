import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// A live call: a capture thread reads the source period by period into a lock-free ring; an
/// analysis thread runs the same ``CallAnalyzer`` as offline analysis, measures latency and
/// runs the live coach; frames, cues and events cross to the output side over three more
/// rings as plain values. Neither thread allocates, locks, logs or formats text in its loop;
/// the only exception is reopening a device that went away, which is not the steady state.
public final class LiveSession {
    /// The source the session captures from.
    public let source: CaptureSource
    /// The analysed channels (source channel index and name), known after ``start()``.
    public private(set) var channels: [(index: Int, name: String)] = []
    /// The negotiated capture format, known after ``start()``.
    public private(set) var format = CaptureFormat(sampleRate: 0, channelCount: 0, periodFrames: 0)

    private let requestedNames: [String?]?
    private let settings: AnalysisSettings
    private let options: LiveOptions
    private let shared = SharedState()
    private var capture: CaptureWorker?
    private var analysis: AnalysisWorker?
    private var threads: [JoinableThread] = []
    private var output: OutputRings?

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

    /// Opens the source, builds the chain, and starts the capture and analysis threads.
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
        channels = names.enumerated().compactMap { index, name in name.map { (index, $0) } }
        guard !channels.isEmpty else {
            source.close()
            throw .noChannelSelected
        }
        let analyzer: CallAnalyzer
        do {
            analyzer = try CallAnalyzer(
                sampleRate: format.sampleRate, inputChannelCount: format.channelCount,
                analysedChannels: channels.map(\.index), settings: settings,
                blockFrames: max(format.periodFrames, 1024))
        } catch {
            source.close()
            throw .settings(error)
        }
        let ringSamples = Int(options.ringSeconds * Double(format.sampleRate)) * format.channelCount
        let sampleRing = makeRing(minimumCapacity: max(ringSamples, 4 * format.periodFrames * format.channelCount), filler: Float(0))
        let stampRing = makeRing(minimumCapacity: 1024, filler: CaptureStamp(endFrame: 0, nanos: 0))
        let eventRing = makeRing(minimumCapacity: 64, filler: LiveEvent.endOfStream)
        let frameRing = makeRing(minimumCapacity: 8192, filler: ChannelFrame(position: 0, frame: ProsodyFrame(timeSeconds: 0)))
        let cueRing = makeRing(minimumCapacity: 64, filler: Cue(kind: .slowDown, timeSeconds: 0, channel: 0, value: 0))
        // Any Double is safe here: NaN or below zero stops at once, infinity or beyond 2^52 frames never.
        let stopAfterFrames = options.stopAfterSeconds.map { seconds -> Int in
            let frames = seconds * Double(format.sampleRate)
            return frames.isNaN ? 0 : Int(min(max(frames, 0), 0x1p52))
        }

        let captureWorker = CaptureWorker(
            source: source, format: format, samples: sampleRing.producer, stamps: stampRing.producer,
            events: eventRing.producer, shared: shared, stopAfterFrames: stopAfterFrames,
            paceFastSources: options.paceFastSources)
        let analysisWorker = AnalysisWorker(
            analyzer: analyzer, format: format, samples: sampleRing.consumer, stamps: stampRing.consumer,
            frames: frameRing.producer, cues: cueRing.producer, shared: shared,
            coach: HopCoach(
                settings: options.cues, hopSeconds: Double(analyzer.hopSamples) / Double(format.sampleRate),
                speechOffsetLagSeconds: analyzer.speechOffsetLagSeconds, channelNames: channels.map(\.name)))
        captureWorker.wake = analysisWorker.wake
        output = OutputRings(frames: frameRing.consumer, cues: cueRing.consumer, events: eventRing.consumer)
        capture = captureWorker
        analysis = analysisWorker
        shared.running.store(true, ordering: .releasing)
        let delay = options.analysisStartDelaySeconds
        threads = [
            JoinableThread(realtimePriority: options.realtimePriority) {
                if delay > 0 { usleep(UInt32(delay * 1_000_000)) }
                analysisWorker.run()
            },
            JoinableThread(realtimePriority: options.realtimePriority) { captureWorker.run() },
        ]
    }

    /// Whether the session is still analysing (false once a recording source has ended, the
    /// requested duration was reached, or the device came back in another format).
    public var isRunning: Bool { !shared.analysisEnded.load(ordering: .acquiring) }

    /// Hands everything that crossed from the analysis side since the last call to the
    /// output side's closures. Call it from one thread (the output thread) only.
    public func drain(frame: (ChannelFrame) -> Void, cue: (Cue) -> Void, event: (LiveEvent) -> Void) {
        guard let output else { return }
        while let next = output.events.pop() { event(next) }
        while let next = output.frames.pop() { frame(next) }
        while let next = output.cues.pop() { cue(next) }
    }

    /// Stops the threads (if still running), closes the source, and returns the call's
    /// per-channel summaries and the session's statistics.
    public func stop() -> (summaries: [ChannelSummary], statistics: LiveStatistics) {
        shared.running.store(false, ordering: .releasing)
        analysis?.wake.signal()
        for thread in threads { thread.join() }
        threads = []
        source.close()
        var statistics = LiveStatistics()
        statistics.overruns = shared.overruns.load(ordering: .relaxed)
        statistics.suspends = shared.suspends.load(ordering: .relaxed)
        statistics.droppedSamples = shared.droppedSamples.load(ordering: .relaxed)
        statistics.droppedFrames = shared.droppedFrames.load(ordering: .relaxed)
        statistics.disconnects = shared.disconnects.load(ordering: .relaxed)
        statistics.reconnects = shared.reconnects.load(ordering: .relaxed)
        guard let analysis else { return ([], statistics) }
        statistics.hops = analysis.hops
        statistics.analysisDelayMilliseconds =
            Double(analysis.analyzer.delayHops * analysis.analyzer.hopSamples) * 1000 / Double(analysis.analyzer.sampleRate)
        let latency = analysis.latency
        statistics.latencyP50Milliseconds = latency.percentile(0.50)
        statistics.latencyP99Milliseconds = latency.percentile(0.99)
        statistics.latencyMaxMilliseconds = latency.maximumMilliseconds
        return (analysis.analyzer.summaries(), statistics)
    }
}
