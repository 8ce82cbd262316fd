import AudioHook
import Coaching
import Core

/// Everything `tonecoach serve` is told.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var keys: APIKeyStore
    /// JSON Lines of every ended call ("-": standard output; nil: none).
    public var summariesPath: String?
    public var settings = AnalysisSettings()
    public var cues = LiveCueSettings()
    /// The cue texts, in the chosen language.
    public var message: @Sendable (CueKind) -> String
    /// The agent page's language.
    public var language = "en"
    /// Calls open at once; more are refused.
    public var maxCalls = 1000
    /// Threads that analyse all calls.
    public var analysisThreads = 1
    /// Seconds of audio a call may have waiting for analysis before it is dropped (and counted).
    public var bufferSeconds = 4.0
    /// The least time before a refused connection is answered, whatever the reason.
    public var refusalDelaySeconds = 0.5
    /// How long a cue stays on the agent's page.
    public var cueHoldSeconds = 6.0
    /// How long a new connection has to send its whole request head before it is closed.
    public var requestHeadSeconds = 10.0
    /// How long a plain HTTP connection (not a call) may sit idle between requests.
    public var idleHTTPSeconds = 30.0
    /// How long an AudioHook session may go without progress (no `open` yet, or no audio
    /// while not paused) before it is ended. Clients stream continuously, silence included.
    public var stalledSessionSeconds = 30.0

    public init(keys: APIKeyStore, message: @escaping @Sendable (CueKind) -> String) {
        self.keys = keys
        self.message = message
    }
}
