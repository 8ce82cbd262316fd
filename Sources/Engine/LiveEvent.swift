import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// Something that happened to the capture device during a live session.
public enum LiveEvent: Sendable, Equatable, BitwiseCopyable {
    /// The device went away (ALSA error code); the session keeps trying to reopen it.
    case disconnected(code: Int32)
    /// The device is back and capture has resumed.
    case reconnected
    /// The device came back with a different rate or channel count; the session ends.
    case formatChanged
    /// A recording used as the source has ended.
    case endOfStream
}
