import CSndFile
import Core
import Foundation
import Synchronization

/// Serialises `sf_open` with the read of its process-wide error code.
private let libsndfileOpenLock = Mutex(())

/// A recording opened for streaming through libsndfile, which decodes every WAV variant call
/// recorders write (PCM 8/16/24/32-bit, 32/64-bit float, G.711 µ-law and A-law, IMA/MS ADPCM,
/// GSM 6.10, WAVE_FORMAT_EXTENSIBLE, RF64) as well as AIFF, FLAC and friends.
///
/// Nothing is loaded whole: `read` decodes the next block into the caller's buffer.
public final class AudioFileReader {
    /// The path the file was opened from.
    public let path: String
    /// Sample rate in Hz.
    public let sampleRate: Int
    /// Channels per frame.
    public let channelCount: Int
    /// Frames the file holds (after any correction of a lying header).
    public let frameCount: Int
    /// Human-readable container and encoding, e.g. "WAV, µ-law".
    public let formatDescription: String
    /// Problems found in the file that did not stop the analysis (for example a header that
    /// declares more audio than the file holds).
    public let warnings: [String]
    private let handle: OpaquePointer
    /// Frames decoded so far.
    public private(set) var framesRead = 0

    /// Largest file ToneCoach accepts: 2^40 frames is far beyond any call (about 260 days at 48 kHz).
    public static let maximumFrameCount: Int64 = 1 << 40

    /// Opens `path` and checks that it is audio ToneCoach can analyse; throws a specific
    /// ``AudioFileError`` otherwise.
    public init(path: String) throws(AudioFileError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .isDirectory(path: path) }
        var status = stat()
        // A pipe or device has no length and may never end (and opening a FIFO with no writer
        // blocks): recordings are files.
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path: path) }
        guard FileManager.default.isReadableFile(atPath: path) else { throw .notReadable(path: path) }
        let fileSize = Int(status.st_size)
        guard fileSize > 0 else { throw .empty(path: path) }

        var info = SF_INFO()
        // libsndfile keeps the error of a failed open in one variable for the whole process:
        // opens are serialised so that a batch analysing files in parallel reads its own.
        let (handle, code) = libsndfileOpenLock.withLock { _ in
            let handle = sf_open(path, Int32(SFM_READ), &info)
            return (handle, handle == nil ? sf_error(nil) : 0)
        }
        guard let opened = handle else {
            throw .undecodable(path: path, reason: Self.explainRefusal(path: path, libsndfileCode: code))
        }
        self.handle = opened
        // From here on, every throw must close the handle.
        do throws(AudioFileError) {
            guard info.channels > 0, info.samplerate > 0, info.frames >= 0,
                info.frames <= Self.maximumFrameCount
            else {
                if let reason = WAVHeaderFacts(path: path)?.refusal(decoderOpened: false) {
                    throw .undecodable(path: path, reason: reason)
                }
                throw .absurdHeader(
                    path: path,
                    detail: "\(info.channels) channels, \(info.samplerate) Hz, \(info.frames) frames")
            }
            guard AnalysisSettings.supportedSampleRates.contains(Int(info.samplerate)) else {
                throw .unsupportedSampleRate(path: path, sampleRate: Int(info.samplerate))
            }
            guard info.channels <= 2 else {
                throw .unsupportedChannelCount(path: path, channels: Int(info.channels))
            }
            guard info.frames > 0 else {
                if let reason = WAVHeaderFacts(path: path)?.refusal(decoderOpened: false) {
                    throw .undecodable(path: path, reason: reason)
                }
                // A header of a few dozen bytes declaring no audio in front of kilobytes of data is
                // a recording whose header was never finished, not an empty one.
                if fileSize > 1024 { throw .headerDeclaresNoAudio(path: path, fileBytes: fileSize) }
                throw .noAudio(path: path)
            }
        } catch {
            sf_close(opened)
            throw error
        }
        sampleRate = Int(info.samplerate)
        channelCount = Int(info.channels)
        frameCount = Int(info.frames)
        formatDescription = Self.describe(format: info.format)
        warnings = Self.headerWarnings(WAVHeaderFacts(path: path))
    }

    deinit { sf_close(handle) }

    /// Decodes up to `frames` interleaved frames into `buffer` (which must hold
    /// `frames * channelCount` samples); returns the frames read, 0 at the end.
    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws(AudioFileError) -> Int {
        let count = Int(sf_readf_float(handle, buffer, sf_count_t(frames)))
        if count < frames {
            let code = sf_error(handle)
            if code != Int32(SF_ERR_NO_ERROR) {
                let at = Double(framesRead + count) / Double(sampleRate)
                let reason = code == Int32(SF_ERR_SYSTEM)
                    ? "the system could not read the file there"
                    : "the audio data is damaged there (decoder code \(code))"
                throw .decodeFailed(path: path, reason: "stopped at \(String(format: "%.2f", at)) s: \(reason)")
            }
        }
        framesRead += count
        return count
    }

    /// Why libsndfile refused the file, in ToneCoach's words: from the header itself where it
    /// shows the problem, else from the class of libsndfile's error code (its detailed codes
    /// are internal and mean different things for different files, so they are never shown
    /// as text).
    static func explainRefusal(path: String, libsndfileCode code: Int32) -> String {
        if let reason = WAVHeaderFacts(path: path)?.refusal(decoderOpened: false) { return reason }
        switch code {
        case Int32(SF_ERR_UNRECOGNISED_FORMAT): return "not an audio file ToneCoach recognises"
        case Int32(SF_ERR_SYSTEM): return "the file could not be read (the system refused it)"
        case Int32(SF_ERR_UNSUPPORTED_ENCODING): return "its encoding is not one ToneCoach can decode"
        default: return "the header is damaged in a way ToneCoach cannot pin down (decoder code \(code))"
        }
    }

    private static func describe(format: Int32) -> String {
        let container: String
        switch format & Int32(SF_FORMAT_TYPEMASK) {
        case Int32(SF_FORMAT_WAV): container = "WAV"
        case Int32(SF_FORMAT_WAVEX): container = "WAV (extensible)"
        case Int32(SF_FORMAT_RF64): container = "RF64"
        case Int32(SF_FORMAT_AIFF): container = "AIFF"
        case Int32(SF_FORMAT_AU): container = "AU"
        case Int32(SF_FORMAT_FLAC): container = "FLAC"
        case Int32(SF_FORMAT_OGG): container = "Ogg"
        case Int32(SF_FORMAT_W64): container = "Wave64"
        case Int32(SF_FORMAT_CAF): container = "CAF"
        default: container = "audio"
        }
        let encoding: String
        switch format & Int32(SF_FORMAT_SUBMASK) {
        case Int32(SF_FORMAT_PCM_U8), Int32(SF_FORMAT_PCM_S8): encoding = "PCM 8-bit"
        case Int32(SF_FORMAT_PCM_16): encoding = "PCM 16-bit"
        case Int32(SF_FORMAT_PCM_24): encoding = "PCM 24-bit"
        case Int32(SF_FORMAT_PCM_32): encoding = "PCM 32-bit"
        case Int32(SF_FORMAT_FLOAT): encoding = "32-bit float"
        case Int32(SF_FORMAT_DOUBLE): encoding = "64-bit float"
        case Int32(SF_FORMAT_ULAW): encoding = "G.711 µ-law"
        case Int32(SF_FORMAT_ALAW): encoding = "G.711 A-law"
        case Int32(SF_FORMAT_IMA_ADPCM): encoding = "IMA ADPCM"
        case Int32(SF_FORMAT_MS_ADPCM): encoding = "MS ADPCM"
        case Int32(SF_FORMAT_GSM610): encoding = "GSM 6.10"
        case Int32(SF_FORMAT_VORBIS): encoding = "Vorbis"
        default: encoding = "other encoding"
        }
        return "\(container), \(encoding)"
    }

    /// Header problems libsndfile corrected silently, read from the header itself (the same
    /// chunk walk that explains refusals; libsndfile's log is not a stable interface).
    static func headerWarnings(_ facts: WAVHeaderFacts?) -> [String] {
        guard let facts else { return [] }
        return formatWarnings(facts) + lengthWarnings(facts)
    }

    /// G.711 samples are 8 bits whatever the header says; libsndfile reads them so. A header
    /// that says otherwise contradicts itself (a PCM file given the wrong format tag?), and
    /// the duration shown then may not be the recording's.
    static func formatWarnings(_ facts: WAVHeaderFacts) -> [String] {
        guard let format = facts.format else { return [] }
        let names: [UInt16: String] = [0x0006: "A-law", 0x0007: "µ-law"]
        guard let name = names[format.extensibleTag ?? format.tag], format.bitsPerSample != 8 else { return [] }
        return [
            "the header says \(name) at \(format.bitsPerSample) bits per sample, but \(name) samples are 8 bits: "
                + "read as 8-bit \(name) (a PCM file with the wrong format tag would sound like noise)"
        ]
    }

    /// The audio the header declares against the bytes the file holds.
    static func lengthWarnings(_ facts: WAVHeaderFacts) -> [String] {
        guard let data = facts.data, facts.container != .rf64 else { return [] }
        if Int(data.declared) > data.present {
            return [
                "header declares \(data.declared) bytes of audio but the file holds \(data.present) "
                    + "(truncated, or the recorder never finished the header); analysing what is there"
            ]
        }
        // The declared audio ends, and what follows is no chunk (chunks after the audio, such
        // as LIST, are fine): the header likely declares less audio than the file holds.
        if facts.stop == .garbage, let end = facts.dataEnd, facts.stopOffset >= end,
            facts.fileBytes - facts.stopOffset >= Self.undeclaredTailBytes
        {
            return [
                "header declares \(data.declared) bytes of audio, but \(facts.fileBytes - facts.stopOffset) bytes after "
                    + "them are no chunk (audio the header does not count?); analysing only the declared audio"
            ]
        }
        return []
    }

    /// Bytes of no chunk after the declared audio that are worth a warning (a stray padding
    /// byte or two is common and harmless).
    static let undeclaredTailBytes = 64
}

/// Why a recording could not be analysed; every case names the file and the reason.
public enum AudioFileError: Error, Equatable, CustomStringConvertible {
    case notFound(path: String)
    case isDirectory(path: String)
    case notReadable(path: String)
    case notRegularFile(path: String)
    case empty(path: String)
    case undecodable(path: String, reason: String)
    case absurdHeader(path: String, detail: String)
    case unsupportedSampleRate(path: String, sampleRate: Int)
    case unsupportedChannelCount(path: String, channels: Int)
    case noAudio(path: String)
    case headerDeclaresNoAudio(path: String, fileBytes: Int)
    case decodeFailed(path: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .notFound(let p), .isDirectory(let p), .notReadable(let p), .notRegularFile(let p), .empty(let p),
            .noAudio(let p):
            return p
        case .undecodable(let p, _), .absurdHeader(let p, _), .headerDeclaresNoAudio(let p, _), .unsupportedSampleRate(let p, _),
            .unsupportedChannelCount(let p, _), .decodeFailed(let p, _):
            return p
        }
    }

    /// The reason alone, without the path.
    public var reason: String {
        switch self {
        case .notFound(let path): return MissingFile.reason(path: path)
        case .isDirectory: return "is a directory, not an audio file"
        case .notReadable: return "permission denied"
        case .notRegularFile:
            return "is a pipe or device, not a file; ToneCoach analyses recordings saved as files"
        case .empty: return "file is empty (0 bytes)"
        case .undecodable(_, let reason): return reason
        case .absurdHeader(_, let detail): return "header is not believable: \(detail)"
        case .unsupportedSampleRate(_, let rate):
            return "unsupported sample rate \(rate) Hz (ToneCoach analyses 8000 to 48000 Hz)"
        case .unsupportedChannelCount(_, let channels):
            return "unsupported channel count \(channels) (ToneCoach analyses mono, or stereo with agent and customer)"
        case .noAudio: return "header is valid but the file holds no audio (0 frames)"
        case .headerDeclaresNoAudio(_, let bytes):
            return "header declares no audio, yet the file is \(bytes) bytes long "
                + "(the recorder may have stopped before finishing the header); not guessing where the audio starts"
        case .decodeFailed(_, let reason): return "decoding failed part-way: \(reason)"
        }
    }

    public var description: String { "\(path): \(reason)" }
}
