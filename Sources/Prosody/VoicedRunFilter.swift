/// Final voicing decisions from the pitch path, a fixed number of hops later: a voiced run
/// shorter than ``minimumRunSeconds`` is kept only when it continues the pitch of voicing
/// next to it. Standing alone, or far off its neighbour's pitch, it is the brief periodicity
/// noise and fricatives show over a few hops (an NSDF peak of 0.6 at a lag no voice near it
/// holds), never the voice: the shortest vowel lasts about 50 ms, the voiceless consonants
/// between two vowels (a stop's closure and burst, a fricative) about 100 ms at most, and a
/// voice does not leap a quarter octave across them.
///
/// Each decision reads the path as the tracker traced it on that hop (``PitchPathTracker/trace()``):
/// the hop being decided and the look-ahead after it. A run's fate is settled on its first hop,
/// so a run is kept or dropped whole. Real-time safe.
public struct VoicedRunFilter: Sendable {
    /// Shortest voiced run that stands on its own: about the shortest vowel.
    public static let minimumRunSeconds = 0.06
    /// A shorter run must lie this close to other voicing, before or after it (a voiceless consonant)...
    public static let neighbourGapSeconds = 0.1
    /// ...and continue its pitch within this many octaves (a quarter octave: 3 semitones, 19 %).
    public static let neighbourJumpOctaves: Float = 0.25

    /// Hops of look-ahead the filter needs: the longest short run and the gap after it.
    public let lookaheadHops: Int
    private let shortRunHops: Int
    private let neighbourGapHops: Int
    private var inRun = false
    private var keepingRun = false
    private var lastKeptLog2F0: Float = .nan
    private var hopsSinceKept = Int.max / 2

    /// A filter for hops of `hopSeconds`.
    public init(hopSeconds: Double) {
        shortRunHops = max(0, Int((Self.minimumRunSeconds / hopSeconds).rounded(.up)) - 1)
        neighbourGapHops = max(1, Int((Self.neighbourGapSeconds / hopSeconds).rounded()))
        lookaheadHops = shortRunHops + neighbourGapHops
    }

    /// Clears everything, as at the start of a stream.
    public mutating func reset() {
        inRun = false
        keepingRun = false
        lastKeptLog2F0 = .nan
        hopsSinceKept = Int.max / 2
    }

    /// Whether the hop `hopsBack` before the newest traced hop stays voiced. `traced[k]` is the
    /// path's log2 f0 `k` hops before the newest (NaN for unvoiced), for k in 0...hopsBack.
    /// Hops must be decided in order, each once; hops not yet traced (at the end of a stream)
    /// count as unvoiced. Real-time safe.
    public mutating func decide(traced: UnsafePointer<Float>, hopsBack: Int) -> Bool {
        let log2F0 = traced[hopsBack]
        guard !log2F0.isNaN else {
            inRun = false
            hopsSinceKept += 1
            return false
        }
        if !inRun {
            inRun = true
            keepingRun = startsKeptRun(traced: traced, hopsBack: hopsBack)
        }
        if keepingRun {
            lastKeptLog2F0 = log2F0
            hopsSinceKept = 0
        } else {
            hopsSinceKept += 1
        }
        return keepingRun
    }

    /// Whether the run starting `hopsBack` before the newest is long enough, or continues a
    /// neighbour.
    private func startsKeptRun(traced: UnsafePointer<Float>, hopsBack: Int) -> Bool {
        var last = hopsBack  // the run's last hop, in hops back
        while last > 0 && !traced[last - 1].isNaN && hopsBack - last < shortRunHops { last -= 1 }
        if hopsBack - last + 1 > shortRunHops { return true }
        if hopsSinceKept <= neighbourGapHops && abs(traced[hopsBack] - lastKeptLog2F0) <= Self.neighbourJumpOctaves {
            return true
        }
        // The next voiced hop after the run, within the gap.
        var next = last - 1
        while next >= 0 && last - next <= neighbourGapHops + 1 {
            if !traced[next].isNaN { return abs(traced[next] - traced[last]) <= Self.neighbourJumpOctaves }
            next -= 1
        }
        return false
    }
}
