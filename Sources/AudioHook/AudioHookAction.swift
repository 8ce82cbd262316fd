/// What the server must do after a message of an AudioHook session.
public enum AudioHookAction: Sendable, Equatable {
    /// Send this JSON text to the client.
    case send(String)
    /// The call is open: start analysing it.
    case startCall(AudioHookCall)
    /// Call time with no audio (`discarded`, or `resumed` after a pause), in seconds.
    case gap(seconds: Double)
    /// The call has ended: finish its analysis and write its summaries.
    case finishCall
    /// Close the WebSocket.
    case closeConnection
}
