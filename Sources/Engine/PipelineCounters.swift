import Synchronization

/// What a ``CallPipeline`` lost or skipped, counted where it happened and readable from any
/// thread (for statistics and metrics while the call runs).
public final class PipelineCounters: Sendable {
    /// Samples the producer could not hand over because the sample ring was full; each such
    /// loss becomes a gap, so later frames keep their call time.
    public let droppedSamples = Atomic<Int>(0)
    /// Frames of call time that passed with no audio (dropped, overrun, disconnected, paused).
    public let gapFrames = Atomic<Int>(0)
    /// Gaps, however long.
    public let gaps = Atomic<Int>(0)
    /// Frames the output side did not take in time (dropped from display, never from analysis).
    public let droppedFrames = Atomic<Int>(0)
    /// Cues the output side did not take in time.
    public let droppedCues = Atomic<Int>(0)
    /// Hops analysed (per channel).
    public let hops = Atomic<Int>(0)
    /// The longest processing latency (nanoseconds) since an observer last took it with
    /// `exchange(0)`: how a server samples the lag of many calls without reading their histograms.
    public let latencyPeakNanos = Atomic<Int>(0)

    init() {}
}
