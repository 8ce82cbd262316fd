/// Final speech decisions from the detector's raw ones, a fixed number of hops later: a run of
/// speech shorter than ``minimumRunSeconds`` standing alone in silence is a click, a cough of
/// the line or a noise burst, never a syllable, and is dropped, so short bursts do not split a
/// silence. A short run next to speech (a weak consonant, a word's release) is kept.
///
/// Working on the raw decisions `lagHops` behind the newest, it sees the whole of every short
/// run before deciding, and needs no onset delay: speech starts on the hop it starts.
/// `init` allocates; `push` and `decide` are real-time safe.
public final class SpeechRunFilter {
    /// Shortest run of speech kept: about the shortest syllable (a reduced vowel lasts ~50 ms,
    /// a stressed syllable 150-250 ms), and longer than the 30-40 ms bursts of line noise.
    public static let minimumRunSeconds = 0.06

    /// A short run this close to other speech, before or after, belongs to it.
    public static let neighbourSeconds = 0.1

    private let minimumRunHops: Int
    private let neighbourHops: Int
    /// Hops since the last hop decided to be speech.
    private var sinceSpeech = Int.max / 2
    private let capacity: Int
    private let raw: UnsafeMutablePointer<Bool>
    private var newest = -1
    private var pushed = 0
    /// Raw speech hops immediately before the next hop to decide.
    private var runBefore = 0

    /// A filter for hops of `hopSeconds` whose decisions wait up to `lagHops` hops.
    public init(hopSeconds: Double, lagHops: Int) {
        minimumRunHops = max(1, Int((Self.minimumRunSeconds / hopSeconds).rounded()))
        neighbourHops = max(1, Int((Self.neighbourSeconds / hopSeconds).rounded()))
        precondition(lagHops + 1 >= minimumRunHops, "the lag must hold the shortest run kept")
        capacity = lagHops + 1
        raw = .allocate(capacity: capacity)
        raw.initialize(repeating: false, count: capacity)
    }

    deinit { raw.deallocate() }

    /// Clears everything, as at the start of a stream.
    public func reset() {
        newest = -1
        pushed = 0
        runBefore = 0
        sinceSpeech = Int.max / 2
    }

    /// Adds the newest hop's raw decision. Real-time safe.
    public func push(_ speech: Bool) {
        newest = newest + 1 == capacity ? 0 : newest + 1
        raw[newest] = speech
        pushed += 1
    }

    /// The final decision for the hop `hopsBack` behind the newest. Hops must be decided in
    /// order, each once. Real-time safe.
    public func decide(hopsBack: Int) -> Bool {
        precondition(hopsBack < min(pushed, capacity))
        let slot = (newest - hopsBack + capacity) % capacity
        guard raw[slot] else {
            runBefore = 0
            sinceSpeech += 1
            return false
        }
        // How far the run goes on after this hop (as far as the look-ahead shows, and no
        // further than the run needs to be kept).
        runBefore += 1
        var after = 0
        var next = slot
        while after < hopsBack && runBefore + after < minimumRunHops {
            let following = next + 1 == capacity ? 0 : next + 1
            guard raw[following] else { break }
            next = following
            after += 1
        }
        var keep = runBefore + after >= minimumRunHops || sinceSpeech <= neighbourHops
        if !keep {
            // Speech again within reach after the run ends?
            var ahead = after + 1
            while !keep && ahead <= hopsBack && ahead - after <= neighbourHops {
                keep = raw[(slot + ahead) % capacity]
                ahead += 1
            }
        }
        sinceSpeech = keep ? 0 : sinceSpeech + 1
        return keep
    }
}
