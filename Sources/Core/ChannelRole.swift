/// Who speaks on a channel of a call. Cues are the agent's; the conversation cues (dead air,
/// talking over, an upset customer) need the customer's channel too.
public enum ChannelRole: String, Sendable, CaseIterable, Equatable {
    /// The person being coached.
    case agent
    /// The other party.
    case customer

    /// The roles of a call's channels, given their names: a channel named "agent" or
    /// "customer" has that role; a lone channel is the agent's; of two channels where only the
    /// agent is named, the other is the customer's. Every other channel has no role (it is
    /// measured, never coached).
    public static func assign(names: [String]) -> [ChannelRole?] {
        var roles: [ChannelRole?] = names.map { ChannelRole(rawValue: $0) }
        // Two channels both named "agent" (or "customer"): the first one takes the role.
        for role in allCases {
            if let first = roles.firstIndex(of: role) {
                for i in roles.indices where i != first && roles[i] == role { roles[i] = nil }
            }
        }
        if names.count == 1, roles[0] == nil { roles[0] = .agent }
        if names.count == 2, let agent = roles.firstIndex(of: .agent), !roles.contains(.customer) {
            roles[1 - agent] = .customer
        }
        return roles
    }
}
