import Core
import Prosody

/// The analysis chain of a whole call: one ``ProsodyAnalyzer`` per analysed channel, fed from
/// interleaved audio, with frames released hop by hop in time order and the conversation
/// measures (speech time and pauses, which need to know whether the other party spoke) kept alongside.
///
/// The offline analyser and the live engine both drive this one type; only their sources differ.
/// `init` allocates everything; `process` is real-time safe.
public final class CallAnalyzer {
    /// Sample rate of the input.
    public let sampleRate: Int
    /// Channels per interleaved input frame.
    public let inputChannelCount: Int
    /// The input channels analysed, in output order.
    public let analysedChannels: [Int]
    /// Samples between frames.
    public let hopSamples: Int
    /// Most frames handled per internal block; longer inputs are split.
    public let blockFrames: Int

    private let analyzers: [ProsodyAnalyzer]
    private var timings: [SpeechTiming]
    private let planar: UnsafeMutablePointer<Float>
    private let pending: UnsafeMutablePointer<ProsodyFrame>
    private let pendingCapacity: Int
    private var pendingCount = 0

    /// Builds a chain per entry of `analysedChannels` (indices into the interleaved input).
    public init(
        sampleRate: Int, inputChannelCount: Int, analysedChannels: [Int],
        settings: AnalysisSettings = AnalysisSettings(), blockFrames: Int = 4096
    ) throws(SettingsError) {
        precondition(inputChannelCount > 0 && blockFrames > 0)
        precondition(!analysedChannels.isEmpty && analysedChannels.allSatisfy { (0..<inputChannelCount).contains($0) })
        self.sampleRate = sampleRate
        self.inputChannelCount = inputChannelCount
        self.analysedChannels = analysedChannels
        self.blockFrames = blockFrames
        var built: [ProsodyAnalyzer] = []
        for _ in analysedChannels { built.append(try ProsodyAnalyzer(sampleRate: sampleRate, settings: settings)) }
        analyzers = built
        hopSamples = built[0].hopSamples
        let hopSeconds = Double(hopSamples) / Double(sampleRate)
        timings = Array(
            repeating: SpeechTiming(
                hopSeconds: hopSeconds, minimumPauseSeconds: settings.minPauseSeconds,
                offsetLagSeconds: built[0].speechOffsetLagSeconds),
            count: analysedChannels.count)
        planar = .allocate(capacity: blockFrames)
        planar.initialize(repeating: 0, count: blockFrames)
        pendingCapacity = blockFrames / hopSamples + built[0].delayHops + 2
        pending = .allocate(capacity: pendingCapacity * analysedChannels.count)
        pending.initialize(repeating: ProsodyFrame(timeSeconds: 0), count: pendingCapacity * analysedChannels.count)
    }

    deinit {
        planar.deallocate()
        pending.deinitialize(count: pendingCapacity * analysedChannels.count)
        pending.deallocate()
    }

    /// Analyses interleaved samples (a whole number of frames of `inputChannelCount`); calls
    /// `emit(position, frame)` for each hop completed, every channel's frame of a hop before
    /// the next hop. `position` indexes ``analysedChannels``. Real-time safe.
    public func process(interleaved samples: UnsafeBufferPointer<Float>, emit: (Int, ProsodyFrame) -> Void) {
        let channels = inputChannelCount
        let totalFrames = samples.count / channels
        var start = 0
        while start < totalFrames {
            let frames = min(blockFrames, totalFrames - start)
            for (position, channel) in analysedChannels.enumerated() {
                let source = samples.baseAddress! + start * channels + channel
                let input: UnsafePointer<Float>
                if channels == 1 {
                    input = UnsafePointer(source)  // mono needs no de-interleaving
                } else {
                    for i in 0..<frames { planar[i] = source[i * channels] }
                    input = UnsafePointer(planar)
                }
                pendingCount = 0
                let row = pending + position * pendingCapacity
                analyzers[position].process(UnsafeBufferPointer(start: input, count: frames)) { frame in
                    row[pendingCount] = frame
                    pendingCount += 1
                }
            }
            release(hops: pendingCount, emit: emit)
            start += frames
        }
    }

    /// Ends the call: releases the frames each chain still holds (its last
    /// ``ProsodyAnalyzer/delayHops`` hops), in the same order as ``process(interleaved:emit:)``.
    /// Call before ``summaries()``; ``reset()`` starts the next call. Real-time safe.
    public func finish(emit: (Int, ProsodyFrame) -> Void) {
        var released = 0
        for position in analysedChannels.indices {
            pendingCount = 0
            let row = pending + position * pendingCapacity
            analyzers[position].finish { frame in
                row[pendingCount] = frame
                pendingCount += 1
            }
            released = pendingCount
        }
        release(hops: released, emit: emit)
    }

    /// Hops between the newest sample and the newest frame released (see ``ProsodyAnalyzer/delayHops``).
    public var delayHops: Int { analyzers[0].delayHops }

    /// How much later speech decisions end than the speech does (see ``ProsodyAnalyzer/speechOffsetLagSeconds``).
    public var speechOffsetLagSeconds: Double { analyzers[0].speechOffsetLagSeconds }

    /// One summary per analysed channel, for everything processed so far.
    public func summaries() -> [ChannelSummary] {
        zip(analyzers, timings).map { analyzer, timing in analyzer.summary(timing: timing) }
    }

    /// Starts a new call.
    public func reset() {
        for analyzer in analyzers { analyzer.reset() }
        for i in timings.indices { timings[i].reset() }
    }

    private func release(hops: Int, emit: (Int, ProsodyFrame) -> Void) {
        let count = analysedChannels.count
        for hop in 0..<hops {
            var speakers = 0
            for position in 0..<count where pending[position * pendingCapacity + hop].isSpeech { speakers += 1 }
            for position in 0..<count {
                let frame = pending[position * pendingCapacity + hop]
                let others = speakers - (frame.isSpeech ? 1 : 0)
                timings[position].add(speech: frame.isSpeech, otherSpeaking: others > 0)
                emit(position, frame)
            }
        }
    }
}
