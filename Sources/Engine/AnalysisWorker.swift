import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

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
