import AudioIO
import Core
import Foundation

/// A capture source that plays a script: audio from a signal in periods, with faults at
/// chosen points (an overrun, a suspend, a disconnection and a number of failed reopenings).
/// It stands in for a headset in tests of the live path's fault handling. Its capture clock is
/// the device's: each period is stamped with the time its last frame would have been captured,
/// counting the frames a fault lost, however fast the test runs.
public final class ScriptedCaptureSource: CaptureSource, @unchecked Sendable {
    /// One step of the script.
    public enum Step: Sendable {
        /// Deliver this many periods of the signal.
        case periods(Int)
        /// The device's buffer overflowed; `lostFrames` frames of audio never arrive.
        case overrun(lostFrames: Int = 0)
        case suspended
        /// Go away for `lostFrames` frames of call time; the next `failedReopens` calls to `open` fail.
        case disconnect(failedReopens: Int, lostFrames: Int = 0)
        /// Block for a while before the next period (a stalled device).
        case pause(microseconds: UInt32)
    }

    public let name = "scripted"
    public let format: CaptureFormat
    public let pacesItself = true
    private let signal: [Float]
    private var script: [Step]
    private var position = 0
    private var periodsLeft = 0
    private var startNanos: UInt64 = 0
    private var clockFrames = 0
    private var failingReopens = 0
    private let periodSleepMicroseconds: UInt32
    /// How many times `open` was called, and how many of those failed.
    public private(set) var opens = 0
    public private(set) var failedOpens = 0

    /// A source delivering interleaved `signal` at `sampleRate` with `channels`, following
    /// `script`, sleeping `periodSleepMicroseconds` per period (0: as fast as possible).
    public init(signal: [Float], sampleRate: Int, channels: Int = 1, script: [Step], periodSleepMicroseconds: UInt32 = 0) {
        self.signal = signal
        self.script = script
        self.periodSleepMicroseconds = periodSleepMicroseconds
        format = CaptureFormat(sampleRate: sampleRate, channelCount: channels, periodFrames: sampleRate / 100)
    }

    public func open() throws(CaptureError) {
        opens += 1
        if startNanos == 0 { startNanos = MonotonicClock.nanoseconds() }
        if failingReopens > 0 {
            failingReopens -= 1
            failedOpens += 1
            throw .cannotOpen(name: name, reason: "No such device (scripted)")
        }
    }

    public func read(into buffer: UnsafeMutablePointer<Float>, maximumFrames: Int) -> CaptureRead {
        while periodsLeft == 0 {
            guard !script.isEmpty else { return .endOfStream }
            switch script.removeFirst() {
            case .periods(let count): periodsLeft = count
            case .overrun(let lost):
                clockFrames += lost
                position += lost * format.channelCount
                return .overrun
            case .suspended: return .suspended
            case .disconnect(let failedReopens, let lost):
                clockFrames += lost
                position += lost * format.channelCount
                failingReopens = failedReopens
                return .disconnected(code: -ENODEV)
            case .pause(let microseconds): usleep(microseconds)
            }
        }
        let frames = min(maximumFrames, format.periodFrames)
        let samples = frames * format.channelCount
        guard position + samples <= signal.count else { return .endOfStream }
        for i in 0..<samples { buffer[i] = signal[position + i] }
        position += samples
        periodsLeft -= 1
        if periodSleepMicroseconds > 0 { usleep(periodSleepMicroseconds) }
        clockFrames += frames
        return .frames(frames, captureNanos: startNanos + UInt64(clockFrames) * 1_000_000_000 / UInt64(format.sampleRate))
    }

    public func close() {}
}
