import Foundation

/// An ALSA capture device with no sound card: the `file` plugin reads a fixture as raw 16-bit
/// audio, behind a `plug` (as a USB headset sits behind one). Pass ``environment`` to a
/// process, or call ``install()`` in this one, so that ALSA finds the device named ``name``.
public final class FilePluginDevice {
    /// The capture device's PCM name.
    public let name: String
    /// ALSA_CONFIG_PATH pointing at the system configuration plus this device's asoundrc.
    public let environment: [String: String]
    private let files: TestFiles

    /// A device `name` that plays the (mono) fixture `fixture` at its own sample rate.
    public convenience init(name: String = "tcfile", fixture: String = "pace-120wpm.wav") throws {
        let (channels, rate) = try Fixtures.load(fixture)
        try self.init(name: name, samples: channels[0], sampleRate: rate)
    }

    /// A device `name` that plays `samples` (mono, possibly none) at `sampleRate`, then runs dry.
    public init(name: String, samples: [Float], sampleRate rate: Int) throws {
        self.name = name
        files = try TestFiles()
        var raw = [UInt8]()
        raw.reserveCapacity(samples.count * 2)
        for sample in samples {
            let value = Int16(max(-32768, min(32767, (sample * 32768).rounded())))
            raw.append(UInt8(truncatingIfNeeded: value))
            raw.append(UInt8(truncatingIfNeeded: value >> 8))
        }
        let rawPath = files.writeBytes("speech.raw", raw)
        let config = """
            pcm.\(name)raw { type file; slave.pcm null; file "/dev/null"; infile "\(rawPath)"; format "raw" }
            pcm.\(name) { type plug; slave { pcm "\(name)raw"; format S16_LE; rate \(rate); channels 1 } }

            """
        let configPath = files.writeBytes("asoundrc", Array(config.utf8))
        environment = ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(configPath)"]
    }

    /// Makes this process's ALSA see the device (before its first use of ALSA).
    public func install() {
        for (key, value) in environment { setenv(key, value, 1) }
    }
}
