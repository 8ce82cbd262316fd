import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// Counters and latency of a live session.
public struct LiveStatistics: Sendable, Equatable {
    /// Device buffer overruns (ALSA -EPIPE), each recovered.
    public var overruns = 0
    /// Device suspends (ALSA -ESTRPIPE), each resumed.
    public var suspends = 0
    /// Samples the capture thread dropped because the analysis ring was full.
    public var droppedSamples = 0
    /// Stretches of call time with no audio (dropped samples, overruns, a reconnect), and
    /// their total length; analysed as silence, never shown or coached.
    public var gaps = 0
    public var gapSeconds = 0.0
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
    /// What was wrong with the sample values captured (a recording played with --simulate:
    /// beyond full scale, infinite, NaN), as `analyze` words it; empty for a sound card's.
    public var sampleWarnings: [String] = []
}
