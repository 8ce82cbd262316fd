import Foundation

/// What a file's first bytes and its RIFF/RF64 chunk list say, read by ToneCoach itself. Used
/// only to explain, in a call recorder's terms, why a file cannot be analysed: libsndfile's
/// refusals carry an internal code that means different things for different files ("No
/// 'data' chunk marker" for a missing `fmt ` chunk), so the reason comes from the header.
///
/// Reading is bounded and never trusts a size: chunk headers are read where they claim to be,
/// bodies only as far as the fields needed (40 bytes of `fmt `, 24 of `ds64`), at most 64 chunks.
struct WAVHeaderFacts {
    enum Container: Equatable { case riff, rifx, rf64, other }

    /// The `fmt ` chunk's fields.
    struct Format {
        var tag: UInt16
        var channels: UInt16
        var sampleRate: UInt32
        var bitsPerSample: UInt16
        /// The sub-format of WAVE_FORMAT_EXTENSIBLE: its tag, or nil when the GUID is not one
        /// of the standard audio sub-formats.
        var extensibleTag: UInt16?
        var isExtensible: Bool
        /// The chunk came before the audio, where a reader needs it.
        var beforeData: Bool
    }

    /// How the chunk walk ended.
    enum Stop: Equatable {
        /// Cleanly at the end of the file, or at the chunk limit.
        case end
        /// A chunk header or body is cut off by the end of the file.
        case cut
        /// Bytes that are not a chunk id.
        case garbage
    }

    let fileBytes: Int
    /// Up to 512 bytes from the start, for recognising other kinds of file.
    let head: [UInt8]
    private(set) var container = Container.other
    /// The RIFF form type ("WAVE", "AVI ").
    private(set) var formType: String?
    private(set) var format: Format?
    /// Declared size of a `fmt ` chunk too short to hold a format.
    private(set) var shortFormatSize: UInt32?
    private(set) var hasDS64 = false
    /// The `data` chunk: declared bytes, and bytes present in the file.
    private(set) var data: (declared: UInt32, present: Int)?
    private(set) var stop = Stop.end
    /// Where the walk stopped on a cut or unreadable chunk.
    private(set) var stopOffset = 0
    /// The ids of the chunks found, in order.
    private(set) var chunkIDs: [String] = []
    /// Where the `data` chunk's declared bytes end.
    private(set) var dataEnd: Int?

    static let chunkLimit = 64

    /// Reads the facts of the file at `path`; nil when it cannot be opened.
    init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        self.init(size: Int(info.st_size)) { offset, count in
            var bytes = [UInt8](repeating: 0, count: count)
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return got > 0 ? Array(bytes.prefix(got)) : []
        }
    }

    /// Reads the facts through `read(offset, count)`, which returns the bytes there (fewer at
    /// the end of the file); testable on bytes in memory.
    init(size: Int, read: (Int, Int) -> [UInt8]) {
        fileBytes = size
        head = read(0, min(size, 512))
        guard head.count >= 12 else { return }
        let magic = String(decoding: head[0..<4], as: UTF8.self)
        switch magic {
        case "RIFF": container = .riff
        case "RIFX": container = .rifx
        case "RF64": container = .rf64
        default: return
        }
        formType = Self.fourCC(head[8..<12])
        let bigEndian = container == .rifx
        func number<T: FixedWidthInteger>(_ bytes: [UInt8], _ at: Int, _: T.Type) -> T {
            var value: T = 0
            for i in 0..<MemoryLayout<T>.size {
                let byte = T(bytes[at + (bigEndian ? MemoryLayout<T>.size - 1 - i : i)])
                value |= byte << (8 * i)
            }
            return value
        }
        var offset = 12
        for _ in 0..<Self.chunkLimit {
            if offset >= size { break }
            stopOffset = offset
            let header = read(offset, 8)
            guard header.count == 8 else {
                stop = .cut
                break
            }
            guard let id = Self.fourCC(header[0..<4]) else {
                stop = .garbage
                break
            }
            chunkIDs.append(id)
            let declared: UInt32 = number(header, 4, UInt32.self)
            let present = max(0, min(Int(declared), size - offset - 8))
            switch id {
            case "fmt " where format == nil:
                guard declared >= 16 else {
                    shortFormatSize = declared
                    break
                }
                let body = read(offset + 8, min(Int(declared), 40))
                guard body.count >= 16 else {
                    stop = .cut
                    return
                }
                let tag: UInt16 = number(body, 0, UInt16.self)
                var extensibleTag: UInt16?
                if tag == 0xFFFE, body.count >= 40, Array(body[26..<40]) == Self.standardSubformatTail {
                    extensibleTag = number(body, 24, UInt16.self)
                }
                format = Format(
                    tag: tag, channels: number(body, 2, UInt16.self), sampleRate: number(body, 4, UInt32.self),
                    bitsPerSample: number(body, 14, UInt16.self), extensibleTag: extensibleTag,
                    isExtensible: tag == 0xFFFE, beforeData: data == nil)
            case "ds64":
                hasDS64 = true
            case "data" where data == nil:
                data = (declared, present)
                dataEnd = offset + 8 + Int(declared)
                // RF64 keeps the real length in ds64; 0xFFFFFFFF here is its placeholder.
                if declared == 0xFFFF_FFFF { return }
            default:
                break
            }
            let next = offset + 8 + Int(declared) + Int(declared & 1)
            if next > size {
                if id != "data" { stop = .cut }
                break
            }
            offset = next
        }
    }

    /// The standard sub-format GUIDs {tag-0000-0010-8000-00AA00389B71} after their first two bytes.
    static let standardSubformatTail: [UInt8] = [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]

    /// Four printable ASCII bytes as a string, or nil.
    static func fourCC(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.count == 4, bytes.allSatisfy({ (0x20..<0x7F).contains($0) }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
