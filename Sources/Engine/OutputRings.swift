import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// The consuming halves the output side reads.
final class OutputRings {
    var frames: RingConsumer<ChannelFrame>
    var cues: RingConsumer<Cue>
    var events: RingConsumer<LiveEvent>

    init(
        frames: consuming RingConsumer<ChannelFrame>, cues: consuming RingConsumer<Cue>,
        events: consuming RingConsumer<LiveEvent>
    ) {
        self.frames = frames
        self.cues = cues
        self.events = events
    }
}
