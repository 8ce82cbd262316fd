import Core

/// Keeps the live page's ``LiveStatus`` from the frames of a call: the agent's channel gives
/// talking, pace, volume and voice; the customer's, when there is one, tells listening from
/// silence. Each measure is judged by the profile's own cue thresholds, so the strip and the
/// cues never disagree about what "fast" or "soft" means, and pace is shown only once the
/// agent has spoken as long as the pace cues wait for (``LiveCueSettings/paceMinimumSpeechSeconds``):
/// the first second's rate is a guess. Pace, volume and voice keep their last value while the
/// agent is quiet.
public struct LiveStatusTracker: Sendable {
    private let settings: LiveCueSettings
    private let agent: Int?
    private let customer: Int?
    private var agentSpeaking = false
    private var customerSpeaking = false
    /// The agent's speech so far (s), and the time of the agent's last frame.
    private var agentSpeechSeconds = 0.0
    private var lastAgentTime: Double?
    /// The status as of the last frame.
    public private(set) var status = LiveStatus(timeSeconds: 0, activity: .silence)

    /// `agentPosition` and `customerPosition` are the channels' positions in the frames given
    /// to ``add(position:frame:)``; either may be absent.
    public init(settings: LiveCueSettings, agentPosition: Int?, customerPosition: Int?) {
        self.settings = settings
        agent = agentPosition
        customer = customerPosition
    }

    public mutating func add(position: Int, frame: ProsodyFrame) {
        if position == customer { customerSpeaking = frame.isSpeech }
        if position == agent {
            agentSpeaking = frame.isSpeech
            // Each frame speaks for the time since the one before it (a hop).
            if frame.isSpeech, let last = lastAgentTime { agentSpeechSeconds += frame.timeSeconds - last }
            lastAgentTime = frame.timeSeconds
            if frame.isSpeech {
                if let rate = frame.articulationRateSyllablesPerSecond,
                    agentSpeechSeconds >= settings.paceMinimumSpeechSeconds - 1e-6
                {
                    status.pace = rate > settings.fastRate ? .fast : rate < settings.slowRate ? .slow : .good
                }
                if let loudness = frame.loudnessShortTermLUFS {
                    status.volume = loudness > settings.loudLUFS ? .loud : loudness < settings.quietLUFS ? .soft : .good
                }
                if let movement = frame.pitchVariabilitySemitones {
                    status.voice = movement < settings.flatSemitones ? .flat : .lively
                }
            }
        }
        status.timeSeconds = max(status.timeSeconds, frame.timeSeconds)
        status.activity = agentSpeaking ? .talking : customerSpeaking ? .listening : .silence
    }
}
