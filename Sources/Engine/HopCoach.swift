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

    /// The channel coached as the agent: the one named "agent", or a mono call's only channel.
    public static func agentPosition(_ names: [String]) -> Int? {
        names.firstIndex(of: "agent") ?? (names.count == 1 ? 0 : nil)
    }

    /// The customer's channel: the one named "customer", or else the other of two.
    static func customerPosition(_ names: [String]) -> Int? {
        guard let agent = agentPosition(names), names.count == 2 else { return nil }
        return names.firstIndex(of: "customer") ?? (1 - agent)
    }

    init(settings: LiveCueSettings, hopSeconds: Double, speechOffsetLagSeconds: Double, channelNames: [String]) {
        coach = LiveCoach(settings: settings, hopSeconds: hopSeconds, speechOffsetLagSeconds: speechOffsetLagSeconds)
        agent = Self.agentPosition(channelNames)
        customer = Self.customerPosition(channelNames)
        channelCount = channelNames.count
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
