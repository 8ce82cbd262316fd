import Foundation

/// Two capture devices as one two-channel source: the agent's headset (left) and the
/// customer's side of the call (right) — a loopback or monitor of the softphone's playback
/// (`snd-aloop`, a PulseAudio/PipeWire monitor through ALSA's `pulse` device).
///
/// Two devices never start at the same instant: the streams are aligned by their capture
/// timestamps (the time of each period's last sample, from ALSA), by dropping from the one
/// that started first the frames captured before the other began. From then on each read
/// hands out the frames both devices have delivered, interleaved. The customer device is asked
/// for the agent's rate; a device that cannot run at it is refused (no resampling).
///
/// Real-time safe after ``open()``: reads copy between buffers allocated there.
public final class PairedCaptureSource: CaptureSource {
    public let name: String
    public private(set) var format: CaptureFormat
    public var pacesItself: Bool { agent.pacesItself && customer.pacesItself }

    private let agent: CaptureSource
    private let customer: CaptureSource
    private var agentQueue = SampleQueue()
    private var customerQueue = SampleQueue()
    private var scratch: UnsafeMutablePointer<Float>?
    private var scratchFrames = 0
    private var aligned = false
    /// Frames dropped from the start of the earlier stream to align the two.
    public private(set) var alignmentFrames = (agent: 0, customer: 0)

    /// Seconds of one side the source holds while the other has not yet delivered.
    public static let queueSeconds = 1.0

    /// `agent` and `customer` must deliver mono; the customer's is opened at the agent's rate.
    public init(agent: CaptureSource, customer: CaptureSource) {
        self.agent = agent
        self.customer = customer
        name = "\(agent.name) + \(customer.name)"
        format = CaptureFormat(sampleRate: agent.format.sampleRate, channelCount: 2, periodFrames: agent.format.periodFrames)
    }

    deinit { close() }

    public func open() throws(CaptureError) {
        close()
        try agent.open()
        (customer as? ALSACaptureDevice)?.requiredSampleRate = agent.format.sampleRate
        do throws(CaptureError) {
            try customer.open()
            guard agent.format.channelCount == 1, customer.format.channelCount == 1 else {
                throw .unsupportedFormat(name: name, detail: "each side must be one channel")
            }
            guard customer.format.sampleRate == agent.format.sampleRate else {
                throw .unsupportedFormat(
                    name: customer.name,
                    detail: "it runs at \(customer.format.sampleRate) Hz and the agent's device at "
                        + "\(agent.format.sampleRate) Hz; choose devices (or a plug) at the same rate")
            }
        } catch {
            agent.close()
            customer.close()
            throw error
        }
        let rate = agent.format.sampleRate
        format = CaptureFormat(sampleRate: rate, channelCount: 2, periodFrames: agent.format.periodFrames)
        let capacity = Int(Double(rate) * Self.queueSeconds)
        agentQueue = SampleQueue(capacity: capacity, sampleRate: rate)
        customerQueue = SampleQueue(capacity: capacity, sampleRate: rate)
        scratchFrames = max(agent.format.periodFrames, customer.format.periodFrames)
        scratch = .allocate(capacity: scratchFrames)
        scratch?.initialize(repeating: 0, count: scratchFrames)
        aligned = false
        alignmentFrames = (0, 0)
    }

    public func close() {
        agent.close()
        customer.close()
        agentQueue.release()
        customerQueue.release()
        scratch?.deallocate()
        scratch = nil
    }

    public func read(into buffer: UnsafeMutablePointer<Float>, maximumFrames: Int) -> CaptureRead {
        guard let scratch else { return .disconnected(code: -EBADFD) }
        if let stop = pull(agent, into: &agentQueue, scratch) { return stop }
        if let stop = pull(customer, into: &customerQueue, scratch) { return stop }
        if !aligned {
            guard let agentStart = agentQueue.firstSampleNanos, let customerStart = customerQueue.firstSampleNanos else {
                return .frames(0, captureNanos: 0)
            }
            // Drop what the earlier device captured before the later one began.
            let rate = UInt64(format.sampleRate)
            if agentStart < customerStart {
                alignmentFrames.agent = agentQueue.drop(Int((customerStart - agentStart) * rate / 1_000_000_000))
            } else {
                alignmentFrames.customer = customerQueue.drop(Int((agentStart - customerStart) * rate / 1_000_000_000))
            }
            aligned = true
        }
        let count = min(maximumFrames, agentQueue.count, customerQueue.count)
        guard count > 0 else { return .frames(0, captureNanos: 0) }
        agentQueue.take(count, into: buffer, stride: 2)
        customerQueue.take(count, into: buffer + 1, stride: 2)
        return .frames(count, captureNanos: agentQueue.lastTakenNanos)
    }

    /// Reads one period of `source` into `queue`; anything but frames is handed back.
    private func pull(_ source: CaptureSource, into queue: inout SampleQueue, _ scratch: UnsafeMutablePointer<Float>)
        -> CaptureRead?
    {
        switch source.read(into: scratch, maximumFrames: scratchFrames) {
        case .frames(let count, let nanos):
            queue.append(scratch, count: count, lastSampleNanos: nanos)
            return nil
        case let other:
            return other
        }
    }
}
