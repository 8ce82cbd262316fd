import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// One analysed channel's frame, as it crosses from the analysis thread to the output side.
public struct ChannelFrame: Sendable, Equatable, BitwiseCopyable {
    /// Position of the channel among the analysed ones.
    public var position: Int
    /// The frame.
    public var frame: ProsodyFrame

    public init(position: Int, frame: ProsodyFrame) {
        self.position = position
        self.frame = frame
    }
}
