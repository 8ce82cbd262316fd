import AudioIO
import Coaching
import Core
import Prosody
import Realtime
import Synchronization

/// One call's analysis, fed by pushes: interleaved samples with their capture time, and gaps
/// (call time that passed with no audio) in between. Whatever feeds it — an ALSA capture
/// thread, a recording paced at real time, a network stream — the same chain runs: a lock-free
/// sample ring, ``CallAnalyzer``, the live coach, and rings of frames, cues and conversation
/// events for the output side.
///
/// A gap is analysed as digital silence, so every later frame and cue keeps its call time (a
/// gap of N samples moves later frames by exactly N samples); frames whose instant lies inside
/// a gap are neither shown nor coached, so the coach picks up cleanly after the splice instead
/// of reading the gap as dead air.
///
/// Three sides, each used by one thread at a time (they may differ): the producer calls
/// ``write(_:captureNanos:)``, ``writeGap(frames:)`` and ``endInput()``; the analysis side
/// ``analyseAvailable()`` and ``finish()``; the output side ``drain(frame:cue:event:)``.
/// Only `init` allocates; nothing on the producer or analysis side allocates, locks, logs or
/// formats text.
public final class CallPipeline: @unchecked Sendable {
    // @unchecked Sendable: each side's state is touched by that side's thread only; the sides
    // meet in lock-free rings and atomics.

    /// The analysed channels, in output order.
    public let channels: [CallChannel]
    /// Frames per second of the input.
    public let sampleRate: Int
    /// Channels per interleaved input frame.
    public let inputChannelCount: Int
    /// What was lost or skipped, readable from any thread.
    public let counters = PipelineCounters()
    /// Samples between frames.
    public var hopSamples: Int { analyzer.hopSamples }
    /// How long after its instant a frame can first exist (see ``ProsodyAnalyzer/delaySeconds``).
    public var delaySeconds: Double { Double(analyzer.delayHops * analyzer.hopSamples) / Double(sampleRate) }

    let analyzer: CallAnalyzer
    private let inputEnded = Atomic<Bool>(false)
    private let analysisEnded = Atomic<Bool>(false)

    // The producer's side.
    private var sampleIn: RingProducer<Float>
    private var markIn: RingProducer<StreamMark>
    private var pendingGapFrames = 0

    // The analysis side.
    private var sampleOut: RingConsumer<Float>
    private var markOut: RingConsumer<StreamMark>
    private var frameIn: RingProducer<ChannelFrame>
    private var cueIn: RingProducer<Cue>
    private var eventIn: RingProducer<ConversationEvent>
    private var coach: HopCoach
    private let silence: UnsafeMutablePointer<Float>
    private let silenceFrames: Int
    /// Frames of call time analysed so far (samples and gaps), and where the current mark ends.
    private var callFrames = 0
    private var markEndFrame = 0
    private var markNanos: UInt64 = 0
    private var fillingGap = false
    /// Whether a write's time stamp is when the whole block arrived (a network stream) rather
    /// than when its last frame was captured (a device).
    private let stampsAreArrivals: Bool
    /// Call time (in frames) whose frames are hidden: the latest gap, widened when gaps come
    /// closer together than the chain's delay.
    private var muteStartFrame = 0
    private var muteEndFrame = 0
    private var releasedHops = 0
    private var finished = false
    /// Processing latency per hop (capture of the newest sample a frame needs → frame out).
    /// Read it once the analysis side has finished.
    private(set) var latency = LatencyHistogram()

    // The output side.
    private var frameOut: RingConsumer<ChannelFrame>
    private var cueOut: RingConsumer<Cue>
    private var eventOut: RingConsumer<ConversationEvent>

    /// A pipeline for `inputChannelCount`-channel audio at `sampleRate`, analysing `channels`.
    /// `ringSeconds` of audio can wait for the analysis side before samples are dropped (and
    /// turned into a gap); `blockFrames` bounds the work per analysis step. With
    /// `stampsAreArrivals`, a write's time stamp is when the whole block arrived (a network
    /// stream), and latency runs from there; otherwise it is the capture time of the block's last
    /// frame, and each earlier frame was captured correspondingly earlier (a device).
    /// `outputFrames` frames can wait for the output side before they are dropped from display.
    public init(
        sampleRate: Int, inputChannelCount: Int, channels: [CallChannel], settings: AnalysisSettings = AnalysisSettings(),
        cues: LiveCueSettings = LiveCueSettings(), ringSeconds: Double = 2, blockFrames: Int = 1024,
        stampsAreArrivals: Bool = false, outputFrames: Int = 8192
    ) throws(SettingsError) {
        self.stampsAreArrivals = stampsAreArrivals
        precondition(inputChannelCount > 0 && inputChannelCount & (inputChannelCount - 1) == 0,
            "the sample ring holds whole frames only for 1, 2, 4 … channels")
        precondition(!channels.isEmpty && ringSeconds > 0)
        self.channels = channels
        self.sampleRate = sampleRate
        self.inputChannelCount = inputChannelCount
        analyzer = try CallAnalyzer(
            sampleRate: sampleRate, inputChannelCount: inputChannelCount, analysedChannels: channels.map(\.inputIndex),
            settings: settings, blockFrames: blockFrames)
        coach = HopCoach(
            settings: cues, hopSeconds: Double(analyzer.hopSamples) / Double(sampleRate),
            speechOffsetLagSeconds: analyzer.speechOffsetLagSeconds, roles: channels.map(\.role))
        let ringFrames = max(Int(ringSeconds * Double(sampleRate)), 4 * blockFrames)
        let samples = makeRing(minimumCapacity: ringFrames * inputChannelCount, filler: Float(0))
        let marks = makeRing(minimumCapacity: 4096, filler: StreamMark(gapFrames: 0, frames: 0, captureNanos: 0))
        let frames = makeRing(
            minimumCapacity: outputFrames, filler: ChannelFrame(position: 0, frame: ProsodyFrame(timeSeconds: 0)))
        let cueRing = makeRing(minimumCapacity: 64, filler: Cue(kind: .slowDown, timeSeconds: 0, channel: 0, value: 0))
        let events = makeRing(
            minimumCapacity: 64, filler: ConversationEvent(kind: .deadAir, startSeconds: 0, endSeconds: 0))
        sampleIn = samples.producer
        sampleOut = samples.consumer
        markIn = marks.producer
        markOut = marks.consumer
        frameIn = frames.producer
        frameOut = frames.consumer
        cueIn = cueRing.producer
        cueOut = cueRing.consumer
        eventIn = events.producer
        eventOut = events.consumer
        silenceFrames = blockFrames
        silence = .allocate(capacity: blockFrames * inputChannelCount)
        silence.initialize(repeating: 0, count: blockFrames * inputChannelCount)
    }

    deinit { silence.deallocate() }

    // MARK: The producer's side

    /// Hands over whole frames of interleaved samples, the last captured at `captureNanos` on
    /// the monotonic clock (0 when unknown). Frames that do not fit in the ring are dropped,
    /// counted, and become a gap. Returns the frames taken. Never waits.
    @discardableResult
    public func write(_ samples: UnsafeBufferPointer<Float>, captureNanos: UInt64 = 0) -> Int {
        let channels = inputChannelCount
        let frames = samples.count / channels
        guard frames > 0, let base = samples.baseAddress else { return 0 }
        let fit = markIn.availableToWrite() > 0 ? min(frames, sampleIn.availableToWrite() / channels) : 0
        if fit > 0 {
            let lateNanos = UInt64(frames - fit) * 1_000_000_000 / UInt64(sampleRate)
            _ = sampleIn.write(UnsafeBufferPointer(start: base, count: fit * channels))
            // The mark goes after its samples: when the analysis side sees it, the samples are there.
            _ = markIn.push(
                StreamMark(gapFrames: pendingGapFrames, frames: fit, captureNanos: captureNanos - min(lateNanos, captureNanos)))
            pendingGapFrames = 0
        }
        if fit < frames {
            counters.droppedSamples.add((frames - fit) * channels, ordering: .relaxed)
            addGap(frames - fit)
        }
        return fit
    }

    /// Records that `frames` frames of call time passed with no audio (dropped by the source,
    /// an overrun, a reconnect, a paused stream). Never waits.
    public func writeGap(frames: Int) {
        guard frames > 0 else { return }
        addGap(frames)
        flushGap()
    }

    /// The producer is done: the analysis side finishes once it has analysed everything.
    public func endInput() {
        flushGap()
        inputEnded.store(true, ordering: .releasing)
    }

    /// Whether the producer has ended its input.
    public var isInputEnded: Bool { inputEnded.load(ordering: .acquiring) }

    private func addGap(_ frames: Int) {
        pendingGapFrames += frames
        counters.gapFrames.add(frames, ordering: .relaxed)
        counters.gaps.add(1, ordering: .relaxed)
    }

    private func flushGap() {
        guard pendingGapFrames > 0, markIn.push(StreamMark(gapFrames: pendingGapFrames, frames: 0, captureNanos: 0))
        else { return }
        pendingGapFrames = 0
    }

    // MARK: The analysis side

    /// Analyses everything the producer has handed over so far; returns whether there was any.
    @discardableResult
    public func analyseAvailable() -> Bool {
        guard !finished else { return false }
        var worked = false
        while let mark = markOut.pop() {
            worked = true
            if mark.gapFrames > 0 { analyseGap(frames: mark.gapFrames) }
            markEndFrame = callFrames + mark.frames
            markNanos = mark.captureNanos
            var remaining = mark.frames * inputChannelCount
            while remaining > 0 {
                let (first, second) = sampleOut.readableRegions(maximum: remaining)
                let count = first.count + second.count
                if count == 0 { break }  // cannot happen: the mark follows its samples
                analyse(first)
                if !second.isEmpty { analyse(second) }
                sampleOut.commit(count)
                remaining -= count
            }
            callFrames = markEndFrame
        }
        return worked
    }

    /// Ends the call once the input has ended or the owner stops it: analyses what is left,
    /// releases the frames the chain still holds, and closes the conversation events still open.
    public func finish() {
        guard !finished else { return }
        analyseAvailable()
        finished = true
        analyzer.finish { position, frame in
            if position == 0 { counters.hops.add(1, ordering: .relaxed) }  // no latency: these wait for no sample
            pass(position: position, frame: frame)
        }
        coach.finish()
        while let event = coach.takeEvent() { _ = eventIn.push(event) }
        analysisEnded.store(true, ordering: .releasing)
    }

    /// Whether ``finish()`` has run: summaries and latency are final.
    public var isFinished: Bool { analysisEnded.load(ordering: .acquiring) }

    /// One summary per analysed channel, for everything analysed so far. Call it from the
    /// analysis side, or once the analysis has finished.
    public func summaries() -> [ChannelSummary] { analyzer.summaries() }

    private func analyse(_ region: UnsafeBufferPointer<Float>) {
        analyzer.process(interleaved: region) { position, frame in
            if position == 0 { timeHop() }
            pass(position: position, frame: frame)
        }
    }

    /// Runs call time with no audio through the chain as digital silence, and hides its frames.
    private func analyseGap(frames: Int) {
        if muteEndFrame > releasedHops * analyzer.hopSamples {
            muteEndFrame = callFrames + frames  // the last gap's frames are still to come: widen it
        } else {
            muteStartFrame = callFrames
            muteEndFrame = callFrames + frames
        }
        fillingGap = true
        var left = frames
        while left > 0 {
            let count = min(left, silenceFrames)
            analyse(UnsafeBufferPointer(start: silence, count: count * inputChannelCount))
            left -= count
        }
        fillingGap = false
        callFrames += frames
    }

    /// Hands a frame to the output side and the coach, unless its instant lies in a gap.
    @inline(__always)
    private func pass(position: Int, frame: ProsodyFrame) {
        if position == 0 { releasedHops += 1 }
        let instant = releasedHops * analyzer.hopSamples
        guard instant < muteStartFrame || instant >= muteEndFrame else { return }
        if !frameIn.push(ChannelFrame(position: position, frame: frame)) {
            counters.droppedFrames.add(1, ordering: .relaxed)
        }
        if let cue = coach.take(position: position, frame: frame), !cueIn.push(cue) {
            counters.droppedCues.add(1, ordering: .relaxed)
        }
        while let event = coach.takeEvent() { _ = eventIn.push(event) }
    }

    /// Records the processing latency of the hop just released: now, less the capture time of
    /// the newest sample it needed (its look-ahead's last). Gaps and unstamped audio have none.
    private func timeHop() {
        counters.hops.add(1, ordering: .relaxed)
        guard !fillingGap, markNanos > 0 else { return }
        let endFrame = releasedHops * analyzer.hopSamples + (analyzer.delayHops + 1) * analyzer.hopSamples
        guard markEndFrame >= endFrame else { return }
        let early = stampsAreArrivals ? 0 : UInt64(markEndFrame - endFrame) * 1_000_000_000 / UInt64(sampleRate)
        let captured = markNanos - min(early, markNanos)
        let now = MonotonicClock.nanoseconds()
        let nanos = now > captured ? now - captured : 0
        latency.record(nanos: nanos)
        var peak = counters.latencyPeakNanos.load(ordering: .relaxed)
        while Int(clamping: nanos) > peak {
            let (exchanged, original) = counters.latencyPeakNanos.compareExchange(
                expected: peak, desired: Int(clamping: nanos), ordering: .relaxed)
            if exchanged { break }
            peak = original
        }
    }

    // MARK: The output side

    /// Hands everything the analysis side released since the last call to the closures:
    /// frames (in time order, channels interleaved hop by hop), cues, finished conversation events.
    public func drain(frame: (ChannelFrame) -> Void, cue: (Cue) -> Void, event: (ConversationEvent) -> Void = { _ in }) {
        while let next = frameOut.pop() { frame(next) }
        while let next = cueOut.pop() { cue(next) }
        while let next = eventOut.pop() { event(next) }
    }
}
