import Core

/// Keeps the live page's ``LiveStatus`` from the frames of a call: the agent's channel gives
/// talking, pace, volume and voice; the customer's, when there is one, tells listening from
/// silence. Each measure is judged by the profile's own cue thresholds, so the strip and the
/// cues never disagree about what "fast" or "soft" means. Pace, volume and voice keep their
/// last value while the agent is quiet.
public struct LiveStatusTracker: Sendable {
    private let settings: LiveCueSettings
    private let agent: Int?
    private let customer: Int?
    private var agentSpeaking = false
    private var customerSpeaking = false
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
            if frame.isSpeech {
                if let rate = frame.articulationRateSyllablesPerSecond {
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
