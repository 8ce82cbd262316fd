/// One analysed channel of a call: where it is in the interleaved input, what it is called in
/// the output, and whose voice it carries.
public struct CallChannel: Sendable, Equatable {
    /// Index of the channel in the interleaved input.
    public var inputIndex: Int
    /// The channel's name in frames, reports and JSON ("agent", "customer", "mono" …).
    public var name: String
    /// Whose voice it carries, when known.
    public var role: ChannelRole?

    public init(inputIndex: Int, name: String, role: ChannelRole?) {
        self.inputIndex = inputIndex
        self.name = name
        self.role = role
    }

    /// The analysed channels of an input: `names` has one entry per input channel, nil
    /// skipping that channel; roles follow ``ChannelRole/assign(names:)`` over the analysed ones.
    public static func selecting(names: [String?]) -> [CallChannel] {
        let kept = names.enumerated().compactMap { index, name in name.map { (index, $0) } }
        let roles = ChannelRole.assign(names: kept.map(\.1))
        return zip(kept, roles).map { CallChannel(inputIndex: $0.0, name: $0.1, role: $1) }
    }
}
