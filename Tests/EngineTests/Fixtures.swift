import AudioIO
import Foundation

/// The speech fixtures in Tests/Fixtures, made by Tests/Fixtures/make-fixtures.sh.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Decodes a whole fixture into one array per channel.
    static func load(_ name: String) throws -> (channels: [[Float]], sampleRate: Int) {
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

/// A seeded pseudo-random generator (SplitMix64): the same noise on every machine.
struct SeededNoise {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// One Gaussian sample of standard deviation `sigma` (Box-Muller).
    mutating func gaussian(sigma: Double) -> Float {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-300)
        let u2 = Double(next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2) * sigma)
    }
}
