import Core

/// The audio format of an AudioHook stream, as `open` offers it and `opened` chooses it.
public struct AudioHookMedia: Sendable, Equatable {
    public enum Encoding: String, Sendable { case pcmu = "PCMU", l16 = "L16" }

    public var encoding: Encoding
    /// Frames per second (AudioHook uses 8000).
    public var rate: Int
    /// The channels in the order their samples interleave: `external` (the customer) and
    /// `internal` (the agent), one or both.
    public var channels: [String]

    /// Bytes of one interleaved frame.
    public var bytesPerFrame: Int { channels.count * (encoding == .pcmu ? 1 : 2) }

    /// The role of each channel: `internal` is the agent, `external` the customer.
    public var roles: [ChannelRole] { channels.map { $0 == "internal" ? .agent : .customer } }

    /// The offer ToneCoach can take, or nil: PCMU or L16 at 8 kHz, one or two distinct channels
    /// among `external` and `internal`.
    static func acceptable(_ offer: [String: Any]) -> AudioHookMedia? {
        guard offer["type"] as? String == "audio", let format = offer["format"] as? String,
            let encoding = Encoding(rawValue: format), let rate = offer["rate"] as? Int, rate == 8000,
            let channels = offer["channels"] as? [String], (1...2).contains(channels.count),
            Set(channels).count == channels.count, channels.allSatisfy({ $0 == "external" || $0 == "internal" })
        else { return nil }
        return AudioHookMedia(encoding: encoding, rate: rate, channels: channels)
    }

    /// The media entry as `opened` echoes it.
    var json: [String: Any] { ["type": "audio", "format": encoding.rawValue, "rate": rate, "channels": channels] }
}
