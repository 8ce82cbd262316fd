/// The format a capture source delivers: interleaved Float samples.
public struct CaptureFormat: Sendable, Equatable {
    /// Frames per second.
    public var sampleRate: Int
    /// Channels per frame.
    public var channelCount: Int
    /// Frames per period: the unit the source delivers in (about 10 ms).
    public var periodFrames: Int

    /// A format from its three numbers.
    public init(sampleRate: Int, channelCount: Int, periodFrames: Int) {
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.periodFrames = periodFrames
    }
}

/// What one read from a capture source produced. Plain values: made on the capture thread
/// without allocating.
public enum CaptureRead: Sendable, Equatable {
    /// `frames` frames were written to the buffer; the last of them was captured at
    /// `captureNanos` on the monotonic clock.
    case frames(Int, captureNanos: UInt64)
    /// The device's buffer overflowed (ALSA -EPIPE) and was recovered: samples were lost.
    case overrun
    /// The device was suspended (ALSA -ESTRPIPE) and was resumed.
    case suspended
    /// The device went away (unplugged headset: ALSA -ENODEV and friends); reopen to go on.
    case disconnected(code: Int32)
    /// A file-backed source has nothing more.
    case endOfStream
}

/// A source of live audio: an ALSA device, a recording paced at real time, or a scripted
/// source in tests. The capture thread calls `read` in a loop; `open` and `close` run when
/// the session starts, ends, or reconnects after a disconnection.
public protocol CaptureSource: AnyObject {
    /// A name for messages: the device name or file path.
    var name: String { get }
    /// The negotiated format; valid after a successful ``open()``.
    var format: CaptureFormat { get }
    /// Whether reads block until real time has passed (hardware does); when false the
    /// session paces reads itself so that a fast source behaves like a live one.
    var pacesItself: Bool { get }
    /// Opens (or reopens) the source.
    func open() throws(CaptureError)
    /// Reads up to `maximumFrames` frames into `buffer` (interleaved). Real-time safe.
    func read(into buffer: UnsafeMutablePointer<Float>, maximumFrames: Int) -> CaptureRead
    /// Closes the source; a closed source can be opened again.
    func close()
}

/// Why a capture source could not be opened; each case says what and why.
public enum CaptureError: Error, Equatable, CustomStringConvertible {
    /// No device of that name; `available` lists the capture devices that do exist.
    case noSuchDevice(name: String, available: [String])
    /// The machine has no sound card at all, so no device name can work.
    case noSoundCard(name: String)
    /// ALSA cannot read its configuration files, so it knows no device.
    case configuration(reason: String)
    /// The device exists but could not be opened (busy, no permission, unplugged).
    case cannotOpen(name: String, reason: String)
    /// The device refused every format ToneCoach can use.
    case unsupportedFormat(name: String, detail: String)
    /// A recording used as a source could not be read.
    case file(AudioFileError)

    public var description: String {
        switch self {
        case .noSuchDevice(let name, let available):
            let list = available.isEmpty ? "none found" : available.joined(separator: ", ")
            return "no capture device '\(name)' (capture devices here: \(list); see 'tonecoach devices')"
        case .noSoundCard(let name):
            return "cannot capture from '\(name)': this machine has no sound card. Plug in a headset and check "
                + "'tonecoach devices', or try ToneCoach on a recording: tonecoach live --simulate FILE"
        case .configuration(let reason):
            return "ALSA cannot read its configuration (\(reason)): check ~/.asoundrc, /etc/asound.conf "
                + "and ALSA_CONFIG_PATH"
        case .cannotOpen(let name, let reason):
            return "cannot open capture device '\(name)': \(reason)"
        case .unsupportedFormat(let name, let detail):
            return "capture device '\(name)' offers no usable format: \(detail)"
        case .file(let error):
            return error.description
        }
    }
}
