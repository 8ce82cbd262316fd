/// Watches a two-channel recording for channels that hold the same samples: a mono recording
/// saved as stereo. Analysed as a call, its "customer" talks whenever the agent does, and the
/// conversation cues (talking over, dead air) describe nothing real; the user is told once.
struct IdenticalChannelsCheck {
    /// Frames whose two channels differ.
    private(set) var differingFrames = 0
    /// Frames with any sound on either channel.
    private(set) var soundingFrames = 0

    /// Takes `frames` interleaved frames of two channels.
    mutating func scan(_ interleaved: UnsafeBufferPointer<Float>, frames: Int) {
        var differing = 0
        var sounding = 0
        for frame in 0..<frames {
            let left = interleaved[2 * frame]
            let right = interleaved[2 * frame + 1]
            if left != right { differing += 1 }
            if left != 0 || right != 0 { sounding += 1 }
        }
        differingFrames += differing
        soundingFrames += sounding
    }

    /// The warning, when the two channels held sound and were the same throughout.
    var warning: String? {
        guard soundingFrames > 0, differingFrames == 0 else { return nil }
        return "both channels hold the same audio (a mono recording saved as stereo?): the two sides "
            + "seem to talk at once throughout; analyse one channel, e.g. with --channels agent,-"
    }
}
