import Core

/// A recording played into the live path as if it came from a headset (`tonecoach live
/// --simulate FILE`): read in 10 ms periods; the session paces it at real time.
public final class RecordingCaptureSource: CaptureSource {
    public let name: String
    public private(set) var format: CaptureFormat
    public let pacesItself = false
    private var reader: AudioFileReader?
    /// The recording's header problems that did not stop it (``AudioFileReader/warnings``), after ``open()``.
    public private(set) var warnings: [String] = []
    private var monotonic: () -> UInt64

    /// A source for the recording at `path`; nothing is read until ``open()``.
    public init(path: String) {
        name = path
        format = CaptureFormat(sampleRate: 16000, channelCount: 1, periodFrames: 160)
        monotonic = MonotonicClock.nanoseconds
    }

    public func open() throws(CaptureError) {
        do {
            let opened = try AudioFileReader(path: name)
            reader = opened
            warnings = opened.warnings
            format = CaptureFormat(
                sampleRate: opened.sampleRate, channelCount: opened.channelCount,
                periodFrames: max(1, opened.sampleRate / 100))
        } catch {
            throw .file(error)
        }
    }

    public func read(into buffer: UnsafeMutablePointer<Float>, maximumFrames: Int) -> CaptureRead {
        guard let reader else { return .endOfStream }
        let frames = (try? reader.read(into: buffer, frames: min(maximumFrames, format.periodFrames))) ?? 0
        return frames == 0 ? .endOfStream : .frames(frames, captureNanos: monotonic())
    }

    public func close() { reader = nil }
}
