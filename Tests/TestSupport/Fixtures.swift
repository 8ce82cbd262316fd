import AudioIO
import CSndFile
import Foundation

/// The speech fixtures in Tests/Fixtures, made by Tests/Fixtures/make-fixtures.sh.
public enum Fixtures {
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    public static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Decodes a whole fixture into one array per channel.
    public static func load(_ name: String) throws -> (channels: [[Float]], sampleRate: Int) {
        let reader = try AudioFileReader(path: path(name))
        var interleaved = [Float](repeating: 0, count: reader.frameCount * reader.channelCount)
        let read = try interleaved.withUnsafeMutableBufferPointer {
            try reader.read(into: $0.baseAddress!, frames: reader.frameCount)
        }
        var channels = [[Float]](repeating: [], count: reader.channelCount)
        for c in 0..<reader.channelCount {
            channels[c] = (0..<read).map { interleaved[$0 * reader.channelCount + c] }
        }
        return (channels, reader.sampleRate)
    }

    /// A mono fixture read `times` times with `gapSeconds` of silence between, written to
    /// `files` as 16-bit WAV: a longer passage at the same pace, made at test time.
    public static func repeated(_ name: String, times: Int, gapSeconds: Double = 0.4, in files: TestFiles) throws -> String {
        let (channels, rate) = try load(name)
        precondition(channels.count == 1, "repeated() takes a mono fixture")
        let gap = [Float](repeating: 0, count: Int(gapSeconds * Double(rate)))
        var samples: [Float] = []
        for index in 0..<times { samples += (index == 0 ? [] : gap) + channels[0] }
        return files.write(
            "\(times)x-" + name, samples: samples, sampleRate: rate, channels: 1,
            format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
    }
}
