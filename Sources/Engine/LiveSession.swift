import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// Something that happened to the capture device during a live session.
public enum LiveEvent: Sendable, Equatable, BitwiseCopyable {
    /// The device went away (ALSA error code); the session keeps trying to reopen it.
    case disconnected(code: Int32)
    /// The device is back and capture has resumed.
    case reconnected
    /// The device came back with a different rate or channel count; the session ends.
    case formatChanged
    /// A recording used as the source has ended.
    case endOfStream
}

/// One analysed channel's frame, as it crosses from the analysis thread to the output side.
public struct ChannelFrame: Sendable, Equatable, BitwiseCopyable {
    /// Position of the channel among the analysed ones.
    public var position: Int
    /// The frame.
    public var frame: ProsodyFrame
}

/// Options of a live session, with their defaults.
public struct LiveOptions: Sendable {
    /// Seconds of audio the capture-to-analysis ring holds before it drops (and counts) samples.
    public var ringSeconds = 2.0
    /// Stop after this much audio has been captured (nil: run until stopped).
    public var stopAfterSeconds: Double?
    /// Thresholds of the live cues.
    public var cues = LiveCueSettings()
    /// SCHED_FIFO priority asked for the capture and analysis threads (granted only with privileges).
    public var realtimePriority: Int32? = 70
    /// Pace sources that deliver faster than real time (files, the ALSA file plugin) so they
    /// behave like a headset. Tests turn it off to run a scripted source at full speed.
    public var paceFastSources = true
    /// Holds the analysis thread back this long after capture starts: a stalled consumer, for
    /// fault tests of the overflow policy.
    public var analysisStartDelaySeconds = 0.0

    /// The defaults.
    public init() {}
}

/// Counters and latency of a live session.
public struct LiveStatistics: Sendable, Equatable {
    /// Device buffer overruns (ALSA -EPIPE), each recovered.
    public var overruns = 0
    /// Device suspends (ALSA -ESTRPIPE), each resumed.
    public var suspends = 0
    /// Samples the capture thread dropped because the analysis ring was full.
    public var droppedSamples = 0
    /// Frames the output side could not take in time (dropped from display, not from analysis).
    public var droppedFrames = 0
    /// Times the device went away, and came back.
    public var disconnects = 0
    public var reconnects = 0
    /// Hops analysed (per channel).
    public var hops = 0
    /// How long after its instant a frame can first exist: the pitch window's look-ahead and
    /// the decision lag (``ProsodyAnalyzer/delaySeconds``). Fixed by design; the frame still
    /// describes its own instant.
    public var analysisDelayMilliseconds: Double = 0
    /// Processing time: from the capture of the newest sample a frame needs to the frame
    /// leaving the analysis thread (on top of ``analysisDelayMilliseconds``).
    public var latencyP50Milliseconds: Double?
    public var latencyP99Milliseconds: Double?
    public var latencyMaxMilliseconds: Double?
}

/// Why a live session could not start.
public enum LiveError: Error, Equatable, CustomStringConvertible {
    case capture(CaptureError)
    case settings(SettingsError)
    case channelNamesMismatch(names: Int, channels: Int)
    case noChannelSelected

    public var description: String {
        switch self {
        case .capture(let error): return error.description
        case .settings(let error): return error.description
        case .channelNamesMismatch(let names, let channels):
            return "--channels names \(names) channel\(names == 1 ? "" : "s") but the source has \(channels)"
        case .noChannelSelected: return "--channels skips every channel; nothing to analyse"
        }
    }
}

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

/// The consuming halves the output side reads.
final class OutputRings {
    var frames: RingConsumer<ChannelFrame>
    var cues: RingConsumer<Cue>
    var events: RingConsumer<LiveEvent>

    init(
        frames: consuming RingConsumer<ChannelFrame>, cues: consuming RingConsumer<Cue>,
        events: consuming RingConsumer<LiveEvent>
    ) {
        self.frames = frames
        self.cues = cues
        self.events = events
    }
}

/// The capture time of the frame that ends at `endFrame` (frames counted from the start).
struct CaptureStamp: Sendable, Equatable, BitwiseCopyable {
    var endFrame: Int
    var nanos: UInt64
}

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

/// The capture thread's loop: read a period, stamp it, hand it to the ring (never waiting).
final class CaptureWorker: @unchecked Sendable {
    // @unchecked Sendable: after start() only the capture thread touches this object.
    private let source: CaptureSource
    private let format: CaptureFormat
    private var samples: RingProducer<Float>
    private var stamps: RingProducer<CaptureStamp>
    private var events: RingProducer<LiveEvent>
    private let shared: SharedState
    private let stopAfterFrames: Int?
    private let paceFastSources: Bool
    private let buffer: UnsafeMutablePointer<Float>
    private var framesDelivered = 0
    private var nextDueNanos: UInt64 = 0
    /// Whether this session paces reads itself: known at once for sources that say so;
    /// otherwise found out in the first seconds (a source that delivers audio much faster
    /// than real time, such as ALSA's file plugin behind a plug, is not a live device).
    private var pacing: Pacing = .unknown
    private var startNanos: UInt64 = 0
    private var framesRead = 0

    enum Pacing { case unknown, bySource, bySession }

    /// Audio this far ahead of the wall clock cannot come from a live device (whose reads
    /// return only once the audio exists); two periods are enough to tell.
    static let aheadLimitNanos: UInt64 = 20_000_000
    /// After this long at real time, the source is taken to pace itself.
    static let trustAfterNanos: UInt64 = 2_000_000_000
    /// The analysis thread's wake-up, set by the session.
    var wake: WakeSignal?

    init(
        source: CaptureSource, format: CaptureFormat, samples: consuming RingProducer<Float>,
        stamps: consuming RingProducer<CaptureStamp>, events: consuming RingProducer<LiveEvent>,
        shared: SharedState, stopAfterFrames: Int?, paceFastSources: Bool
    ) {
        self.paceFastSources = paceFastSources
        self.source = source
        self.format = format
        self.samples = samples
        self.stamps = stamps
        self.events = events
        self.shared = shared
        self.stopAfterFrames = stopAfterFrames
        buffer = .allocate(capacity: format.periodFrames * format.channelCount)
        buffer.initialize(repeating: 0, count: format.periodFrames * format.channelCount)
    }

    deinit { buffer.deallocate() }

    func run() {
        startNanos = ALSACaptureDevice.monotonicNanos()
        nextDueNanos = startNanos
        pacing = !paceFastSources ? .bySource : source.pacesItself ? .unknown : .bySession
        while shared.running.load(ordering: .acquiring) {
            switch source.read(into: buffer, maximumFrames: format.periodFrames) {
            case .frames(let count, let captureNanos):
                guard count > 0 else { continue }
                var stamp = captureNanos
                framesRead += count
                let periodNanos = UInt64(count) * 1_000_000_000 / UInt64(format.sampleRate)
                nextDueNanos += periodNanos
                if pacing == .unknown {
                    let elapsed = captureNanos > startNanos ? captureNanos - startNanos : 0
                    let audio = UInt64(framesRead) * 1_000_000_000 / UInt64(format.sampleRate)
                    if audio > elapsed + Self.aheadLimitNanos {
                        pacing = .bySession
                    } else if elapsed > Self.trustAfterNanos {
                        pacing = .bySource
                    }
                }
                if pacing == .bySession {
                    // A file or a null device delivers at once: wait until the period would have
                    // been complete on a live device, and stamp it with that moment.
                    Self.sleep(until: nextDueNanos)
                    stamp = nextDueNanos
                }
                deliver(frames: count, stamp: stamp)
            case .overrun:
                shared.overruns.add(1, ordering: .relaxed)
            case .suspended:
                shared.suspends.add(1, ordering: .relaxed)
            case .disconnected(let code):
                shared.disconnects.add(1, ordering: .relaxed)
                _ = events.push(.disconnected(code: code))
                reconnect()
            case .endOfStream:
                _ = events.push(.endOfStream)
                finish()
                return
            }
            if let limit = stopAfterFrames, framesDelivered >= limit {
                finish()
                return
            }
        }
        finish()
    }

    private func finish() {
        shared.captureEnded.store(true, ordering: .releasing)
        wake?.signal()
    }

    private func deliver(frames count: Int, stamp: UInt64) {
        let channels = format.channelCount
        var frames = count
        if let limit = stopAfterFrames { frames = min(frames, limit - framesDelivered) }
        let wanted = frames * channels
        // Whole frames only; what does not fit is dropped and counted, never waited for.
        let fit = min(wanted, samples.availableToWrite() / channels * channels)
        if fit < wanted { shared.droppedSamples.add(wanted - fit, ordering: .relaxed) }
        if fit > 0 {
            framesDelivered += fit / channels
            // The stamp goes first: when the analysis thread sees the samples, it sees their stamp.
            _ = stamps.push(CaptureStamp(endFrame: framesDelivered, nanos: stamp))
            samples.write(UnsafeBufferPointer(start: buffer, count: fit))
        }
        wake?.signal()
    }

    /// Reopens a device that went away, backing off from 50 ms to 2 s between attempts,
    /// until it is back or the session stops.
    private func reconnect() {
        source.close()
        var delayNanos: UInt64 = 50_000_000
        while shared.running.load(ordering: .acquiring) {
            Self.sleep(until: ALSACaptureDevice.monotonicNanos() + delayNanos)
            do {
                try source.open()
            } catch {
                delayNanos = min(delayNanos * 2, 2_000_000_000)
                continue
            }
            guard source.format == format else {
                _ = events.push(.formatChanged)
                source.close()
                shared.running.store(false, ordering: .releasing)
                return
            }
            shared.reconnects.add(1, ordering: .relaxed)
            _ = events.push(.reconnected)
            // Start the pacing check afresh for the reopened device.
            startNanos = ALSACaptureDevice.monotonicNanos()
            nextDueNanos = startNanos
            framesRead = 0
            pacing = !paceFastSources ? .bySource : source.pacesItself ? .unknown : .bySession
            return
        }
    }

    static func sleep(until nanos: UInt64) {
        var deadline = timespec(tv_sec: Int(nanos / 1_000_000_000), tv_nsec: Int(nanos % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
    }
}

/// The analysis thread's loop: take what the capture thread delivered, run the chain, time
/// each hop, run the live coach, and pass frames and cues on.
final class AnalysisWorker: @unchecked Sendable {
    // @unchecked Sendable: after start() only the analysis thread touches this object until
    // the session joins it; then only the session reads it.
    let analyzer: CallAnalyzer
    let wake = WakeSignal()
    private(set) var hops = 0
    private(set) var latency = LatencyHistogram()
    private let format: CaptureFormat
    private var samples: RingConsumer<Float>
    private var stamps: RingConsumer<CaptureStamp>
    private var frames: RingProducer<ChannelFrame>
    private var cues: RingProducer<Cue>
    private let shared: SharedState
    private var coach: HopCoach
    private var stamp = CaptureStamp(endFrame: 0, nanos: 0)

    init(
        analyzer: CallAnalyzer, format: CaptureFormat, samples: consuming RingConsumer<Float>,
        stamps: consuming RingConsumer<CaptureStamp>, frames: consuming RingProducer<ChannelFrame>,
        cues: consuming RingProducer<Cue>, shared: SharedState, coach: HopCoach
    ) {
        self.analyzer = analyzer
        self.format = format
        self.samples = samples
        self.stamps = stamps
        self.frames = frames
        self.cues = cues
        self.shared = shared
        self.coach = coach
    }

    func run() {
        while true {
            wake.wait(timeoutNanos: 50_000_000)
            analyseAvailable()
            let captureDone = shared.captureEnded.load(ordering: .acquiring)
            if captureDone || !shared.running.load(ordering: .acquiring) {
                analyseAvailable()  // whatever arrived before the capture thread finished
                if captureDone || !shared.running.load(ordering: .acquiring) { break }
            }
        }
        // The end of the call: the frames the chain still holds for its look-ahead.
        analyzer.finish { position, frame in
            if position == 0 { hops += 1 }  // no latency: these frames wait for no sample
            pass(position: position, frame: frame)
        }
        shared.analysisEnded.store(true, ordering: .releasing)
    }

    private func analyseAvailable() {
        while true {
            let (first, second) = samples.readableRegions()
            let count = first.count + second.count
            if count == 0 { return }
            analyse(first)
            if !second.isEmpty { analyse(second) }
            samples.commit(count)
        }
    }

    private func analyse(_ region: UnsafeBufferPointer<Float>) {
        analyzer.process(interleaved: region) { position, frame in
            if position == 0 { timeHop() }
            pass(position: position, frame: frame)
        }
    }

    /// Hands a frame to the output side and the live coach.
    @inline(__always)
    private func pass(position: Int, frame: ProsodyFrame) {
        if !frames.push(ChannelFrame(position: position, frame: frame)) {
            shared.droppedFrames.add(1, ordering: .relaxed)
        }
        if let cue = coach.take(position: position, frame: frame) { _ = cues.push(cue) }
    }

    /// Records the processing latency of the frame just released: now, less the capture time
    /// of the newest sample it needed (its look-ahead's last).
    private func timeHop() {
        hops += 1
        let endFrame = (hops + analyzer.delayHops) * analyzer.hopSamples
        while stamp.endFrame < endFrame, let next = stamps.pop() { stamp = next }
        guard stamp.endFrame >= endFrame else { return }
        let early = UInt64(stamp.endFrame - endFrame) * 1_000_000_000 / UInt64(format.sampleRate)
        let captured = stamp.nanos - min(early, stamp.nanos)
        let now = ALSACaptureDevice.monotonicNanos()
        latency.record(nanos: now > captured ? now - captured : 0)
    }
}

/// Latencies in 10 µs buckets up to one second, plus the maximum: fixed memory, no allocation
/// after init.
struct LatencyHistogram {
    static let bucketNanos: UInt64 = 10_000
    private var buckets = [Int](repeating: 0, count: 100_000)
    private var count = 0
    private var maximumNanos: UInt64 = 0

    mutating func record(nanos: UInt64) {
        let index = min(buckets.count - 1, Int(nanos / Self.bucketNanos))
        buckets[index] += 1
        count += 1
        maximumNanos = max(maximumNanos, nanos)
    }

    /// The latency below which `fraction` of hops fell, in milliseconds (bucket upper edge).
    func percentile(_ fraction: Double) -> Double? {
        guard count > 0 else { return nil }
        let target = Int((fraction * Double(count)).rounded(.up))
        var seen = 0
        for (index, value) in buckets.enumerated() {
            seen += value
            if seen >= target { return Double(UInt64(index + 1) * Self.bucketNanos) / 1e6 }
        }
        return maximumMilliseconds
    }

    var maximumMilliseconds: Double? { count > 0 ? Double(maximumNanos) / 1e6 : nil }
}
