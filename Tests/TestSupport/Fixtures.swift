import AudioIO
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
}

