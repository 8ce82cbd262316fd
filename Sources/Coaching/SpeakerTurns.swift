import Core

/// One party's turns, from the per-hop speech decisions of their channel.
///
/// A stretch of speech decisions counts only once it holds a syllable: at least
/// ``minimumSpeechSeconds`` long with a voiced nucleus (``nucleusSeconds`` of pitch). Noise
/// bursts and clicks that the detector lets through are unvoiced or shorter, and never start a
/// turn, end a silence or make an overlap. Confirmed speech separated by pauses shorter than
/// `turnPauseSeconds` is one turn.
///
/// Speech decisions end later than speech does (the analysis window still holds the last
/// sound, and the detector holds speech a little longer): ``speechEndSeconds`` takes that lag
/// back off, so silences and overlaps are measured on the audio. Real-time safe.
struct SpeakerTurns: Sendable {
    /// A voiced nucleus: three hops of pitch at 10 ms, shorter than any vowel.
    static let nucleusSeconds = 0.03
    /// The shortest speech that counts: shorter than a syllable, longer than a click.
    static let minimumSpeechSeconds = 0.1

    private let hopSeconds: Double
    private let offsetLagSeconds: Double
    private let turnPauseSeconds: Double
    private let nucleusHops: Int
    private let minimumHops: Int

    private var runStart = 0.0
    private var runHops = 0
    private var runVoicedHops = 0
    /// Whether the current run of speech decisions holds a syllable.
    private(set) var inSpeech = false
    /// Whether this party has said anything yet.
    private(set) var hasSpoken = false
    /// Time of the last hop of confirmed speech (as decided, before the lag is taken off).
    private var lastSpeechHop = -Double.infinity
    /// Start of the current (or last) turn, in seconds of audio.
    private(set) var turnStartSeconds = 0.0
    /// Start of the current (or last) run of confirmed speech.
    private(set) var speechStartSeconds = 0.0
    /// Time of the newest hop.
    private var now = 0.0

    init(hopSeconds: Double, offsetLagSeconds: Double, turnPauseSeconds: Double) {
        self.hopSeconds = hopSeconds
        self.offsetLagSeconds = offsetLagSeconds
        self.turnPauseSeconds = turnPauseSeconds
        nucleusHops = max(1, Int((Self.nucleusSeconds / hopSeconds).rounded()))
        minimumHops = max(1, Int((Self.minimumSpeechSeconds / hopSeconds).rounded()))
    }

    /// End of this party's last word, in seconds of audio; minus infinity before they spoke.
    var speechEndSeconds: Double { lastSpeechHop - offsetLagSeconds }

    /// Whether this party holds a turn now: speaking, or within a pause inside their turn.
    var inTurn: Bool { hasSpoken && (inSpeech || now - speechEndSeconds < turnPauseSeconds) }

    /// How long the current turn has lasted (0 outside a turn).
    var turnSeconds: Double { inTurn ? now - turnStartSeconds : 0 }

    /// Takes this party's next frame.
    mutating func add(_ frame: ProsodyFrame) {
        now = frame.timeSeconds
        guard frame.isSpeech else {
            runHops = 0
            runVoicedHops = 0
            inSpeech = false
            return
        }
        if runHops == 0 { runStart = frame.timeSeconds }
        runHops += 1
        if frame.f0Hz != nil { runVoicedHops += 1 }
        if !inSpeech && runHops >= minimumHops && runVoicedHops >= nucleusHops {
            inSpeech = true
            if !hasSpoken || runStart - speechEndSeconds >= turnPauseSeconds { turnStartSeconds = runStart }
            speechStartSeconds = runStart
            hasSpoken = true
        }
        if inSpeech { lastSpeechHop = frame.timeSeconds }
    }
}
