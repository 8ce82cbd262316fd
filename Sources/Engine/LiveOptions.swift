import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

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
