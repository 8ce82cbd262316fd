import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// Why a live session could not start.
public enum LiveError: Error, Equatable, CustomStringConvertible {
    case capture(CaptureError)
    case settings(SettingsError)
    case channelNamesMismatch(names: Int, channels: Int)
    case noChannelSelected

    public var description: String {
        switch self {
        case .capture(let error): return error.description
        case .settings(let error): return error.description
        case .channelNamesMismatch(let names, let channels):
            return "--channels names \(names) channel\(names == 1 ? "" : "s") but the source has \(channels)"
        case .noChannelSelected: return "--channels skips every channel; nothing to analyse"
        }
    }
}
