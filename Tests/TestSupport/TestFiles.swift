import CSndFile
import Foundation

/// Writes short test recordings into a private temporary folder, removed when the value dies.
public final class TestFiles {
    public let directory: URL

    public init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tonecoach-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes interleaved `samples` with libsndfile in `format` (SF_FORMAT_* container | encoding).
    @discardableResult
    public func write(_ name: String, samples: [Float], sampleRate: Int, channels: Int, format: Int32) -> String {
        let target = path(name)
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = format
        guard let file = sf_open(target, Int32(SFM_WRITE), &info) else {
            fatalError("test setup: libsndfile cannot write \(name): \(String(cString: sf_strerror(nil)))")
        }
        samples.withUnsafeBufferPointer { _ = sf_writef_float(file, $0.baseAddress, sf_count_t(samples.count / channels)) }
        sf_close(file)
        return target
    }

    /// Writes raw bytes.
    @discardableResult
    public func writeBytes(_ name: String, _ bytes: [UInt8]) -> String {
        let target = path(name)
        FileManager.default.createFile(atPath: target, contents: Data(bytes))
        return target
    }

    /// The bytes of a file.
    public func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }
}

/// A canonical 44-byte-header WAV, written by hand so that tests can make it lie, or hold what
/// libsndfile is never given here (float64 samples: `formatTag` 3, 64 bits). `formatTag` is 1
/// for PCM, 3 for IEEE float.
public func handMadeWAV(
    sampleRate: UInt32, channels: UInt16, bitsPerSample: UInt16, dataBytes: [UInt8], declaredDataSize: UInt32? = nil,
    formatTag: UInt16 = 1
) -> [UInt8] {
    func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    let blockAlign = channels * bitsPerSample / 8
    let dataSize = declaredDataSize ?? UInt32(dataBytes.count)
    var out: [UInt8] = Array("RIFF".utf8) + le32(36 &+ dataSize) + Array("WAVE".utf8)
    out += Array("fmt ".utf8) + le32(16) + le16(formatTag) + le16(channels) + le32(sampleRate)
    out += le32(sampleRate &* UInt32(blockAlign)) + le16(blockAlign) + le16(bitsPerSample)
    out += Array("data".utf8) + le32(dataSize) + dataBytes
    return out
}
