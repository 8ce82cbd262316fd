import ArgumentParser
import Core

/// The names `--channels` gives a file's channels, in order: "-" skips a channel (nil). The
/// channel named "agent" is the one coached, "customer" the other party; any other name is
/// measured and never coached.
enum ChannelNames {
    /// Parses and checks `list`: one or two names, none empty, none twice.
    static func parse(_ list: String) throws(ValidationError) -> [String?] {
        let names: [String?] = list.split(separator: ",", omittingEmptySubsequences: false).map {
            let name = $0.trimmingCharacters(in: .whitespaces)
            return name == "-" ? nil : name
        }
        guard (1...2).contains(names.count), names.allSatisfy({ $0?.isEmpty != true }) else {
            throw ValidationError(
                "--channels takes one or two names separated by a comma, '-' to skip one (e.g. agent,customer)")
        }
        let kept = names.compactMap { $0 }
        if kept.count == 2 && kept[0] == kept[1] {
            throw ValidationError("--channels names two channels '\(kept[0])'; give each its own name (e.g. agent,customer)")
        }
        return names
    }

    /// What a user should know about `names` before the results: that no channel will be
    /// coached, when none is the agent's (a lone channel is the agent's whatever its name).
    static func note(_ names: [String?]) -> String? {
        let kept = names.compactMap { $0 }
        guard !kept.isEmpty, !ChannelRole.assign(names: kept).contains(.agent) else { return nil }
        return "no channel is named 'agent', so no cues are given (channels are measured only); "
            + "name the agent's channel 'agent' to coach it, e.g. --channels agent,customer"
    }
}
