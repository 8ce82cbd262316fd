import Coaching
import Core

/// Runs the live coach on a call's frames as ``CallAnalyzer`` releases them: it gathers each
/// hop's frames (agent and, when there is one, customer) and hands them to ``LiveCoach`` once
/// the hop is complete. Used by both the offline and the live path. Real-time safe.
public struct HopCoach {
    private var coach: LiveCoach
    private let agent: Int?
    private let customer: Int?
    private let channelCount: Int
    private var agentFrame = ProsodyFrame(timeSeconds: 0)
    private var customerFrame = ProsodyFrame(timeSeconds: 0)

    /// A coach for the analysed channels with these roles (one entry per channel, in order):
    /// the agent's voice is coached, and the conversation too when a customer channel exists.
    init(settings: LiveCueSettings, hopSeconds: Double, speechOffsetLagSeconds: Double, roles: [ChannelRole?]) {
        coach = LiveCoach(settings: settings, hopSeconds: hopSeconds, speechOffsetLagSeconds: speechOffsetLagSeconds)
        agent = roles.firstIndex(of: .agent)
        customer = agent == nil ? nil : roles.firstIndex(of: .customer)
        channelCount = roles.count
    }

    /// Takes one channel's frame; returns a cue when the hop is complete and one fires.
    mutating func take(position: Int, frame: ProsodyFrame) -> Cue? {
        if position == agent { agentFrame = frame }
        if position == customer { customerFrame = frame }
        guard position == channelCount - 1, let agent else { return nil }
        return coach.update(
            agent: agentFrame, agentChannel: agent, customer: customer == nil ? nil : customerFrame,
            customerChannel: customer ?? agent)
    }

    /// A conversation event that finished, once each; nil when none is left.
    mutating func takeEvent() -> ConversationEvent? { coach.takeEvent() }

    /// Ends the call: closes the conversation events still open (read them with ``takeEvent()``).
    mutating func finish() { coach.finish() }
}
