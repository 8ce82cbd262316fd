import Foundation

/// An event a cue should answer, as labelled by a person beside a recording (`CALL.json`,
/// `"events": [{"kind", "start_s", "end_s", "channel"}]`, the dev corpus's format).
public struct LabelledEvent: Sendable, Equatable {
    /// What kinds of event labels name, and the cues that answer each.
    public enum Kind: String, Sendable, CaseIterable {
        case deadAir = "dead_air"
        case interruption
        case agitation
    }

    public var kind: Kind
    public var startSeconds: Double
    public var endSeconds: Double
    /// Whose event it is ("agent", "customer"), when the label says.
    public var channel: String?

    public init(kind: Kind, startSeconds: Double, endSeconds: Double, channel: String? = nil) {
        self.kind = kind
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.channel = channel
    }

    /// The latest time a label may name: 10⁷ s (about 116 days) is beyond any call, and far
    /// from the times that overflow a count of seconds (1e19 crashed the wording of the event).
    public static let latestSeconds = 1e7

    /// Reads the `events` list of a label file; an error names the file and the entry.
    public static func load(path: String) throws(LabelError) -> [LabelledEvent] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            throw .invalid(path: path, reason: "not a JSON object")
        }
        guard let list = root["events"] as? [Any] else {
            throw .invalid(path: path, reason: "no \"events\" list")
        }
        var events: [LabelledEvent] = []
        for (index, item) in list.enumerated() {
            guard let entry = item as? [String: Any] else {
                throw .invalid(path: path, reason: "events[\(index)] is not an object")
            }
            let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            guard let name = entry["kind"] as? String, let kind = Kind(rawValue: name) else {
                throw .invalid(path: path, reason: "events[\(index)].kind must be one of \(known)")
            }
            guard let start = (entry["start_s"] as? NSNumber)?.doubleValue, let end = (entry["end_s"] as? NSNumber)?.doubleValue,
                start.isFinite, end.isFinite, start >= 0, end >= start, end <= Self.latestSeconds
            else {
                throw .invalid(
                    path: path,
                    reason: "events[\(index)] needs start_s and end_s in seconds, 0 <= start_s <= end_s <= \(Int(Self.latestSeconds))")
            }
            events.append(LabelledEvent(kind: kind, startSeconds: start, endSeconds: end, channel: entry["channel"] as? String))
        }
        return events
    }
}

/// Why a label file cannot be used.
public enum LabelError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "\(path): cannot read the labels (expected beside the recording)"
        case .invalid(let path, let reason): return "\(path): \(reason)"
        }
    }
}
