import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// The capture time of the frame that ends at `endFrame` (frames counted from the start).
struct CaptureStamp: Sendable, Equatable, BitwiseCopyable {
    var endFrame: Int
    var nanos: UInt64
}
