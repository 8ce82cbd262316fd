/// What the producer of a ``CallPipeline`` wrote, in order: `gapFrames` frames of call time
/// that passed with no audio, then `frames` frames of samples (already in the sample ring), the
/// last of them captured at `captureNanos` on the monotonic clock (0 when unknown).
struct StreamMark: Sendable, Equatable, BitwiseCopyable {
    var gapFrames: Int
    var frames: Int
    var captureNanos: UInt64
}
