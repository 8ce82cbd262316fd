import AudioHook
import Coaching
import Core
import Engine
import Foundation
import LivePage
import Reporting
import Synchronization

/// One call the server coaches: its pipeline (fed by its connection, analysed by the pool),
/// its live page, and what it will write when it ends.
///
/// Three parties touch it, each through its own side of the pipeline: the connection (producer:
/// ``write(_:)``, ``gap(seconds:)``, ``endInput()``), one pool thread at a time (analysis:
/// scheduled through ``schedule``), and the server's publisher (output: ``publish(now:)``).
public final class ServedCall: @unchecked Sendable {
    // @unchecked Sendable: see above; each mutable part belongs to exactly one of the three.
    public let call: AudioHookCall
    public let pipeline: CallPipeline
    public let broadcast: LiveBroadcast
    public let openedAt: Date
    let encoder: JSONLineEncoder
    /// The pool's scheduling state (see ``AnalysisPool``).
    let schedule = Atomic<Int>(AnalysisPool.idle)

    // The connection's side.
    private let decoded: UnsafeMutablePointer<Float>
    private let decodedCapacity: Int

    // The publisher's side.
    private var publisher: LivePagePublisher
    private let message: (CueKind) -> String
    private(set) var cueLines: [String] = []
    private(set) var eventLines: [String] = []
    /// Whether the publisher has written the call's end (summaries out, page finished).
    let published = Atomic<Bool>(false)
    private let status = Mutex<LiveStatus>(LiveStatus(timeSeconds: 0, activity: .silence))

    init(
        call: AudioHookCall, settings: AnalysisSettings, cues: LiveCueSettings, message: @escaping (CueKind) -> String,
        ringSeconds: Double, cueHoldSeconds: Double
    ) throws(SettingsError) {
        self.call = call
        self.message = message
        let roles = call.media.roles
        let channels = roles.enumerated().map { CallChannel(inputIndex: $0.offset, name: $0.element.rawValue, role: $0.element) }
        pipeline = try CallPipeline(
            sampleRate: call.media.rate, inputChannelCount: roles.count, channels: channels, settings: settings, cues: cues,
            ringSeconds: ringSeconds, blockFrames: 1024, stampsAreArrivals: true,
            outputFrames: Self.outputFrames)
        broadcast = LiveBroadcast(cueHoldSeconds: cueHoldSeconds)
        encoder = JSONLineEncoder(
            source: "audiohook", channelNames: channels.map(\.name), sampleRate: call.media.rate,
            format: "AudioHook \(call.media.encoding.rawValue)",
            identity: [("conversation_id", call.conversationId), ("participant_id", call.participantId)])
        publisher = LivePagePublisher(
            broadcast: broadcast, encoder: encoder, roles: roles, settings: cues, message: message)
        openedAt = Date()
        decodedCapacity = Self.decodeChunkSamples
        decoded = .allocate(capacity: decodedCapacity)
        decoded.initialize(repeating: 0, count: decodedCapacity)
    }

    deinit { decoded.deallocate() }

    /// Samples decoded at a time: a 64 KiB frame is decoded and handed over in pieces, so each
    /// call holds a small buffer rather than one the size of the largest frame.
    static let decodeChunkSamples = 4096
    /// Frames waiting for the publisher (which drains every 100 ms: 20 hops of two channels).
    static let outputFrames = 1024

    // MARK: The connection's side

    /// Decodes a binary frame (whole sample frames, at most 64 KiB) into the pipeline; returns
    /// the frames the pipeline could not take (dropped, counted, kept as a gap).
    @discardableResult
    func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        let media = call.media
        let bytesPerSample = media.encoding == .pcmu ? 1 : 2
        let channels = media.channels.count
        let chunkBytes = decodeChunkBytes(bytesPerSample: bytesPerSample, channels: channels)
        let arrival = MonotonicClock.nanoseconds()
        var dropped = 0
        var offset = 0
        while offset < bytes.count {
            let count = min(chunkBytes, bytes.count - offset)
            let piece = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
            switch media.encoding {
            case .pcmu: G711.decodeMuLaw(piece, into: decoded)
            case .l16: G711.decodeL16(piece, into: decoded)
            }
            let frames = count / bytesPerSample / channels
            dropped += frames - pipeline.write(UnsafeBufferPointer(start: decoded, count: frames * channels), captureNanos: arrival)
            offset += count
        }
        return dropped
    }

    /// Bytes per decoded piece: whole sample frames that fit the decode buffer.
    private func decodeChunkBytes(bytesPerSample: Int, channels: Int) -> Int {
        decodedCapacity / channels * channels * bytesPerSample
    }

    /// Call time with no audio.
    func gap(seconds: Double) {
        // The session refuses longer gaps; the clamp only keeps the conversion from trapping.
        let bounded = seconds.isFinite ? min(max(seconds, 0), AudioHookSession.longestGapSeconds) : 0
        pipeline.writeGap(frames: Int((bounded * Double(call.media.rate)).rounded()))
    }

    /// The connection is done with the call.
    func endInput() { pipeline.endInput() }

    // MARK: The publisher's side

    /// Hands what the analysis released to the live page; returns the cues that came out.
    @discardableResult
    func publish() -> [Cue] {
        var cues: [Cue] = []
        pipeline.drain(
            frame: { publisher.frame(position: $0.position, $0.frame) },
            cue: { cue in
                publisher.cue(cue)
                cues.append(cue)
                cueLines.append(encoder.cue(cue, message: message(cue.kind)))
            },
            event: { eventLines.append(encoder.conversation($0)) })
        let now = publisher.status
        status.withLock { $0 = now }
        return cues
    }

    /// The call's summary lines (one per channel), its cues and conversation events, once the
    /// analysis has finished, with the cues that came out in this last drain; also ends the
    /// live page.
    func finish() -> (lines: [String], lastCues: [Cue]) {
        let cues = publish()
        let summaries = pipeline.summaries()
        publisher.finish(summaries: summaries)
        let lines = summaries.enumerated().map { encoder.summary(channel: $0.offset, $0.element) } + cueLines + eventLines
        return (lines, cues)
    }

    // MARK: Anyone

    /// The live page's status as last published.
    public var currentStatus: LiveStatus { status.withLock { $0 } }
}
