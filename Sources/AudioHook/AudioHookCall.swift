/// What an accepted `open` says about the call: who and what is streamed.
public struct AudioHookCall: Sendable, Equatable {
    public var organizationId: String
    public var conversationId: String
    public var participantId: String
    public var media: AudioHookMedia
    /// A connection probe (Genesys checks an integration with all-zero ids): answered, never analysed.
    public var isProbe: Bool { conversationId == AudioHookSession.nullUUID }
}
