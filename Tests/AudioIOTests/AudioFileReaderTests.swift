import CSndFile
import Core
import Foundation
import TestSupport
import Testing

@testable import AudioIO

@Suite("Audio file reader")
struct AudioFileReaderTests {
    static let sine: [Float] = (0..<4000).map { Float(0.5 * sin(2 * Double.pi * 1000 * Double($0) / 8000)) }

    /// Every encoding call recorders write: (name, libsndfile format, tolerance after decoding, description).
    static let encodings: [(String, Int32, Float, String)] = [
        ("pcm16", Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16), 1e-4, "WAV, PCM 16-bit"),
        ("pcm24", Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24), 1e-6, "WAV, PCM 24-bit"),
        ("pcm32", Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_32), 1e-6, "WAV, PCM 32-bit"),
        ("float", Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT), 0, "WAV, 32-bit float"),
        ("ulaw", Int32(SF_FORMAT_WAV | SF_FORMAT_ULAW), 0.02, "WAV, G.711 µ-law"),
        ("alaw", Int32(SF_FORMAT_WAV | SF_FORMAT_ALAW), 0.02, "WAV, G.711 A-law"),
        ("extensible", Int32(SF_FORMAT_WAVEX | SF_FORMAT_PCM_16), 1e-4, "WAV (extensible), PCM 16-bit"),
    ]

    @Test("decodes each encoding to the samples that were written", arguments: encodings)
    func decodesEncodings(name: String, format: Int32, tolerance: Float, description: String) throws {
        let files = try TestFiles()
        let path = files.write("\(name).wav", samples: Self.sine, sampleRate: 8000, channels: 1, format: format)
        let reader = try AudioFileReader(path: path)
        #expect(reader.sampleRate == 8000)
        #expect(reader.channelCount == 1)
        #expect(reader.frameCount == Self.sine.count)
        #expect(reader.formatDescription == description)
        #expect(reader.warnings.isEmpty)
        var decoded = [Float](repeating: 0, count: Self.sine.count)
        let read = try decoded.withUnsafeMutableBufferPointer { try reader.read(into: $0.baseAddress!, frames: $0.count) }
        #expect(read == Self.sine.count)
        let worst = zip(decoded, Self.sine).map { abs($0 - $1) }.max() ?? 1
        // G.711 is logarithmic: its error grows with the amplitude (about 1/32 of it at most).
        #expect(worst <= tolerance, "\(name): worst error \(worst)")
    }

    @Test("stereo keeps left and right apart, in blocks", arguments: [8000, 16000, 44100, 48000])
    func stereo(sampleRate: Int) throws {
        let files = try TestFiles()
        let frames = sampleRate / 2
        var samples = [Float](repeating: 0, count: frames * 2)
        for i in 0..<frames {
            samples[2 * i] = 0.25
            samples[2 * i + 1] = -0.5
        }
        let path = files.write(
            "stereo.wav", samples: samples, sampleRate: sampleRate, channels: 2, format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        let reader = try AudioFileReader(path: path)
        #expect(reader.channelCount == 2 && reader.sampleRate == sampleRate)
        var block = [Float](repeating: 9, count: 2 * 1000)
        var total = 0
        while true {
            let read = try block.withUnsafeMutableBufferPointer { try reader.read(into: $0.baseAddress!, frames: 1000) }
            if read == 0 { break }
            for i in 0..<read {
                #expect(abs(block[2 * i] - 0.25) < 1e-4 && abs(block[2 * i + 1] + 0.5) < 1e-4)
            }
            total += read
        }
        #expect(total == frames)
    }

    @Test("a missing file, a folder and an empty file are named as such")
    func missingAndEmpty() throws {
        let files = try TestFiles()
        #expect(throws: AudioFileError.notFound(path: files.path("nope.wav"))) {
            try AudioFileReader(path: files.path("nope.wav"))
        }
        #expect(throws: AudioFileError.isDirectory(path: files.directory.path)) {
            try AudioFileReader(path: files.directory.path)
        }
        let empty = files.writeBytes("empty.wav", [])
        #expect(throws: AudioFileError.empty(path: empty)) { try AudioFileReader(path: empty) }
    }

    @Test("text is not audio")
    func notAudio() throws {
        let files = try TestFiles()
        let path = files.writeBytes("notes.wav", Array("these are meeting notes, not a recording\n".utf8))
        do {
            _ = try AudioFileReader(path: path)
            Issue.record("text was accepted as audio")
        } catch {
            guard case .undecodable(let p, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(p == path)
            #expect(reason == "not an audio file ToneCoach recognises (it is text)", "\(reason)")
        }
    }

    @Test("a header cut short is refused with the place it ends")
    func truncatedHeader() throws {
        let files = try TestFiles()
        let full = files.write("full.wav", samples: Self.sine, sampleRate: 8000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        let cut = files.writeBytes("cut.wav", Array(files.bytes(full).prefix(30)))
        #expect(throws: AudioFileError.undecodable(path: cut, reason: "file ends inside its header (30 bytes)")) {
            try AudioFileReader(path: cut)
        }
    }

    @Test("why a broken header is refused comes from the header, in ToneCoach's words, not libsndfile's")
    func headerReasons() throws {
        let files = try TestFiles()
        func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        func chunk(_ id: String, _ body: [UInt8]) -> [UInt8] { Array(id.utf8) + le32(UInt32(body.count)) + body }
        func riff(_ chunks: [UInt8]) -> [UInt8] { Array("RIFF".utf8) + le32(UInt32(4 + chunks.count)) + Array("WAVE".utf8) + chunks }
        let valid = handMadeWAV(sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: [UInt8](repeating: 0, count: 1600))
        let fmt = Array(valid[12..<36])  // the 'fmt ' chunk, header included
        let data = chunk("data", [UInt8](repeating: 0, count: 1600))
        var unknownTag = valid
        unknownTag[20] = 0x34
        unknownTag[21] = 0x12
        var float16 = valid
        float16[20] = 3  // IEEE float, yet 16 bits per sample
        let cases: [(String, [UInt8], String)] = [
            ("nofmt", riff(data), "the WAV header has no 'fmt ' chunk"),
            ("late", riff(data + fmt), "the 'fmt ' chunk comes after the audio"),
            ("tag", unknownTag, "encoding 0x1234 is not one ToneCoach can decode"),
            ("float16", float16, "floating-point audio with 16 bits per sample is not valid"),
            ("rate0", handMadeWAV(sampleRate: 0, channels: 1, bitsPerSample: 16, dataBytes: [1, 2]), "sample rate of 0 Hz"),
            ("ch0", handMadeWAV(sampleRate: 8000, channels: 0, bitsPerSample: 16, dataBytes: [1, 2]), "0 channels"),
            ("header-only", Array(handMadeWAV(sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: [UInt8](repeating: 0, count: 320)).prefix(44)),
             "header declares 320 bytes of audio but the file ends right after the header (44 bytes): truncated"),
            ("mp3", Array("ID3\u{4}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}junkjunk".utf8), "starts with 'ID3': an MP3?"),
            ("tiny", Array("RIFF".utf8), "file is only 4 bytes"),
        ]
        for (name, bytes, expected) in cases {
            let path = files.writeBytes("\(name).wav", bytes)
            do {
                _ = try AudioFileReader(path: path)
                Issue.record("\(name) was accepted")
            } catch {
                #expect(error.reason.contains(expected), "\(name): \(error.reason)")
                #expect(!error.reason.contains("chunk marker") && !error.reason.contains("Internal error"), "\(error.reason)")
            }
        }
    }

    @Test("a pipe is refused at once, never waited on")
    func pipe() throws {
        let files = try TestFiles()
        let fifo = files.path("stream.wav")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: AudioFileError.notRegularFile(path: fifo)) { try AudioFileReader(path: fifo) }
    }

    @Test("a header that declares more audio than the file holds: warned, and what is there is read")
    func lyingHeader() throws {
        let files = try TestFiles()
        let pcm = [UInt8](repeating: 0x10, count: 1600)  // 800 frames of 16-bit mono
        let path = files.writeBytes(
            "lying.wav", handMadeWAV(sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: pcm, declaredDataSize: 16_000_000))
        let reader = try AudioFileReader(path: path)
        #expect(reader.frameCount == 800)
        #expect(!reader.warnings.isEmpty)
        #expect(reader.warnings.first?.hasPrefix("header declares 16000000 bytes of audio but the file holds 1600 ") == true)
        var buffer = [Float](repeating: 0, count: 2000)
        let read = try buffer.withUnsafeMutableBufferPointer { try reader.read(into: $0.baseAddress!, frames: 2000) }
        #expect(read == 800)
    }

    @Test("a header that declares less audio than follows it: warned; a LIST chunk after the audio is not")
    func understatedHeader() throws {
        let files = try TestFiles()
        // 1 600 bytes of audio, of which the header counts 160: 1 440 bytes follow that are no chunk.
        let pcm = (0..<1600).map { UInt8(truncatingIfNeeded: $0 &* 37) | 0x80 }  // no printable chunk id
        let short = files.writeBytes(
            "short.wav", handMadeWAV(sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: pcm, declaredDataSize: 160))
        let reader = try AudioFileReader(path: short)
        #expect(reader.frameCount == 80)
        #expect(reader.warnings == [
            "header declares 160 bytes of audio, but 1440 bytes after them are no chunk "
                + "(audio the header does not count?); analysing only the declared audio"
        ])
        // A proper chunk after the audio (metadata) is no cause for a warning.
        let list: [UInt8] = Array("LIST".utf8) + [8, 0, 0, 0] + Array("INFOabcd".utf8)
        let tagged = files.writeBytes(
            "tagged.wav", handMadeWAV(sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: Array(pcm.prefix(160))) + list)
        #expect(try AudioFileReader(path: tagged).warnings.isEmpty)
    }

    @Test("µ-law or A-law with a header of 16 bits per sample: read as 8-bit G.711, and warned; 8 bits is not")
    func contradictoryG711Bits() throws {
        let files = try TestFiles()
        let bytes = [UInt8](repeating: 0xFF, count: 16000)  // µ-law and A-law silence-ish codes
        for (tag, name) in [(UInt16(7), "µ-law"), (UInt16(6), "A-law")] {
            let wrong = files.writeBytes("\(name)-16.wav", handMadeWAV(sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: bytes, formatTag: tag))
            let reader = try AudioFileReader(path: wrong)
            #expect(reader.frameCount == 16000, "one sample per byte: 2 s, not the 1 s the header's 16 bits suggest")
            #expect(reader.warnings == [
                "the header says \(name) at 16 bits per sample, but \(name) samples are 8 bits: read as 8-bit \(name) "
                    + "(a PCM file with the wrong format tag would sound like noise)"
            ])
            let right = files.writeBytes("\(name)-8.wav", handMadeWAV(sampleRate: 8000, channels: 1, bitsPerSample: 8, dataBytes: bytes, formatTag: tag))
            #expect(try AudioFileReader(path: right).warnings.isEmpty)
        }
    }

    @Test("a valid header with no audio says so")
    func zeroLength() throws {
        let files = try TestFiles()
        let path = files.writeBytes("zero.wav", handMadeWAV(sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: []))
        #expect(throws: AudioFileError.noAudio(path: path)) { try AudioFileReader(path: path) }
    }

    @Test("a header declaring no audio in front of real data is called unfinished, not empty")
    func unfinishedHeader() throws {
        let files = try TestFiles()
        let path = files.writeBytes(
            "unfinished.wav",
            handMadeWAV(sampleRate: 8000, channels: 1, bitsPerSample: 16, dataBytes: [UInt8](repeating: 1, count: 8000), declaredDataSize: 0))
        #expect(throws: AudioFileError.headerDeclaresNoAudio(path: path, fileBytes: 8044)) { try AudioFileReader(path: path) }
    }

    @Test("unsupported sample rates and channel counts are named")
    func unsupported() throws {
        let files = try TestFiles()
        let fast = files.write("96k.wav", samples: [Float](repeating: 0, count: 960), sampleRate: 96000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        #expect(throws: AudioFileError.unsupportedSampleRate(path: fast, sampleRate: 96000)) { try AudioFileReader(path: fast) }
        let slow = files.write("4k.wav", samples: [Float](repeating: 0, count: 400), sampleRate: 4000, channels: 1, format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        #expect(throws: AudioFileError.unsupportedSampleRate(path: slow, sampleRate: 4000)) { try AudioFileReader(path: slow) }
        let surround = files.write("6ch.wav", samples: [Float](repeating: 0, count: 4800), sampleRate: 8000, channels: 6, format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        #expect(throws: AudioFileError.unsupportedChannelCount(path: surround, channels: 6)) { try AudioFileReader(path: surround) }
    }

    @Test("absurd header values are refused, not trusted")
    func absurdHeader() throws {
        let files = try TestFiles()
        let pcm = [UInt8](repeating: 0, count: 160)
        for (name, rate, channels) in [("rate4g", UInt32(4_000_000_000), UInt16(1)), ("ch200", 8000, 200)] {
            let path = files.writeBytes("\(name).wav", handMadeWAV(sampleRate: rate, channels: channels, bitsPerSample: 16, dataBytes: pcm))
            #expect(throws: AudioFileError.self, "\(name)") { try AudioFileReader(path: path) }
        }
    }

    @Test("every error message names the file")
    func messagesNameTheFile() {
        let errors: [AudioFileError] = [
            .notFound(path: "a.wav"), .unsupportedSampleRate(path: "a.wav", sampleRate: 96000),
            .unsupportedChannelCount(path: "a.wav", channels: 6), .noAudio(path: "a.wav"),
        ]
        for error in errors { #expect(error.description.hasPrefix("a.wav: ")) }
        #expect(AudioFileError.unsupportedSampleRate(path: "a.wav", sampleRate: 96000).description.contains("96000"))
    }
}
