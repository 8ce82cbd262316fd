import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// The capture thread's loop: read a period, stamp it, hand it to the call pipeline (never
/// waiting). Audio the device lost (an overrun, a suspend, an unplugged headset) becomes a gap
/// as long as the capture clock says it was, so later frames keep their call time.
final class CaptureWorker: @unchecked Sendable {
    // @unchecked Sendable: after start() only the capture thread touches this object.
    private let source: CaptureSource
    private let format: CaptureFormat
    private let pipeline: CallPipeline
    private var events: RingProducer<LiveEvent>
    /// The output side's end of the event ring: read by the session's output thread only.
    private var eventOutlet: RingConsumer<LiveEvent>
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
    /// Capture time of the last frame delivered (0 before the first), and whether audio was lost since.
    private var lastCaptureNanos: UInt64 = 0
    private var lostAudio = false
    /// Sample values a recording should not hold (beyond full scale, infinite, NaN), as
    /// `analyze` watches them; read once the capture thread has been joined.
    private(set) var sampleRange = SampleRangeCheck()

    enum Pacing { case unknown, bySource, bySession }

    /// Audio this far ahead of the wall clock cannot come from a live device (whose reads
    /// return only once the audio exists); two periods are enough to tell.
    static let aheadLimitNanos: UInt64 = 20_000_000
    /// After this long at real time, the source is taken to pace itself.
    static let trustAfterNanos: UInt64 = 2_000_000_000
    /// The analysis thread's wake-up, set by the session.
    var wake: WakeSignal?

    init(
        source: CaptureSource, format: CaptureFormat, pipeline: CallPipeline,
        shared: SharedState, stopAfterFrames: Int?, paceFastSources: Bool
    ) {
        self.paceFastSources = paceFastSources
        self.source = source
        self.format = format
        self.pipeline = pipeline
        let ring = makeRing(minimumCapacity: 64, filler: LiveEvent.endOfStream)
        events = ring.producer
        eventOutlet = ring.consumer
        self.shared = shared
        self.stopAfterFrames = stopAfterFrames
        buffer = .allocate(capacity: format.periodFrames * format.channelCount)
        buffer.initialize(repeating: 0, count: format.periodFrames * format.channelCount)
    }

    deinit { buffer.deallocate() }

    /// The next event from the capture side (disconnected, reconnected …), for the output thread.
    func takeEvent() -> LiveEvent? { eventOutlet.pop() }

    func run() {
        startNanos = MonotonicClock.nanoseconds()
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
                if lostAudio { markGap(before: count, capturedAt: captureNanos) }
                sampleRange.scan(UnsafeBufferPointer(start: buffer, count: count * format.channelCount))
                deliver(frames: count, stamp: stamp)
            case .overrun:
                shared.overruns.add(1, ordering: .relaxed)
                lostAudio = true
            case .suspended:
                shared.suspends.add(1, ordering: .relaxed)
                lostAudio = true
            case .disconnected(let code):
                shared.disconnects.add(1, ordering: .relaxed)
                lostAudio = true
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
        pipeline.endInput()
        wake?.signal()
    }

    /// Whole frames to the pipeline; what does not fit its ring is dropped, counted and turned
    /// into a gap there, never waited for.
    private func deliver(frames count: Int, stamp: UInt64) {
        var frames = count
        if let limit = stopAfterFrames { frames = min(frames, limit - framesDelivered) }
        pipeline.write(UnsafeBufferPointer(start: buffer, count: frames * format.channelCount), captureNanos: stamp)
        framesDelivered += frames
        lastCaptureNanos = stamp
        wake?.signal()
    }

    /// After lost audio: the call time between the last frame delivered and the first frame of
    /// this read, by the device's capture clock, becomes a gap. Only a device's own clock can
    /// say how much was lost; a source the session paces has none, and loses nothing.
    private func markGap(before count: Int, capturedAt captureNanos: UInt64) {
        lostAudio = false
        guard pacing != .bySession, lastCaptureNanos > 0 else { return }
        let expected = lastCaptureNanos + UInt64(count) * 1_000_000_000 / UInt64(format.sampleRate)
        guard captureNanos > expected else { return }
        let missing = Int((captureNanos - expected) * UInt64(format.sampleRate) / 1_000_000_000)
        let frames = stopAfterFrames.map { min(missing, max($0 - framesDelivered, 0)) } ?? missing
        pipeline.writeGap(frames: frames)
        framesDelivered += frames
    }

    /// Reopens a device that went away, backing off from 50 ms to 2 s between attempts,
    /// until it is back or the session stops.
    private func reconnect() {
        source.close()
        var delayNanos: UInt64 = 50_000_000
        while shared.running.load(ordering: .acquiring) {
            Self.sleep(until: MonotonicClock.nanoseconds() + delayNanos)
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
            startNanos = MonotonicClock.nanoseconds()
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
