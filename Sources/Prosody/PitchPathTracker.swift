import Foundation

/// The best pitch path through each hop's candidates: a Viterbi search with a fixed lag.
///
/// Each hop offers up to ``maximumCandidates`` voiced candidates (log2 f0 and strength) and
/// two unvoiced states (below). The path's score follows Boersma's cost model (Praat's "To Pitch (ac)",
/// `fon/Pitch_to_PitchTier`/`Pitch_pathFinder`): a candidate's strength, less an octave-jump
/// cost per octave between consecutive hops and a voiced/unvoiced cost per switch, both
/// scaled by 0.01 s / hop as Praat scales them, so the costs mean the same at any hop size.
/// Beyond Praat, a jump faster than any voice glides (``fastestGlideOctavesPer10ms``) pays
/// ``implausibleJumpCostPer10ms`` more per octave: such a jump is a candidate error (an
/// octave, or another talker), never the voice, so a path keeps to the voice through a few
/// hops where a sub-harmonic or a babble talker is the stronger peak.
///
/// The same holds across a brief unvoiced gap (at most ``rememberedGapSeconds``: a masked or
/// unreadable moment inside voicing, not a consonant or a pause): a path that resumes voicing
/// pays the implausible-jump cost for moving further from its last voiced pitch than a voice
/// glides in the time. Two unvoiced states each remember a different last pitch, so the path
/// that stayed with the voice and the one that slipped to a sub-harmonic both stay open.
///
/// Unlike a causal tracker, the decision for a hop is taken ``lagHops`` hops later, by tracing
/// the best path back from the newest hop: a voicing onset that first looked like a formant
/// or a sub-harmonic is corrected once the voice has settled. The lag is fixed, so the delay
/// is too; at the end of a stream the owner decides the hops still held with smaller
/// `hopsBack` (see ``ProsodyAnalyzer/finish(emit:)``).
///
/// `init` allocates; `push` and `decide` are real-time safe.
public final class PitchPathTracker {
    /// Most voiced candidates per hop.
    public static let maximumCandidates = 6
    /// Cost of a jump of one octave between consecutive hops of 10 ms (Praat's default, 0.35).
    public static let octaveJumpCostPer10ms: Float = 0.35
    /// Fastest pitch change a path follows at the ordinary cost: 2.4 semitones (a fifth of an
    /// octave) in 10 ms. Voices glide at most about a semitone per 10 ms, even over large
    /// intervals (Xu & Sun, "Maximum speed of pitch change and how it may relate to speech",
    /// JASA 2002); a jump of more than twice that is no glide. (The same knee at 3 semitones
    /// let the path resume voicing on another talker 0.3-0.5 octave away in babble; see README.)
    public static let fastestGlideOctavesPer10ms: Float = 0.2
    /// Extra cost per octave of a jump beyond ``fastestGlideOctavesPer10ms``, between hops of 10 ms.
    public static let implausibleJumpCostPer10ms: Float = 1.0
    /// Longest unvoiced gap across which a path remembers its pitch.
    public static let rememberedGapSeconds = 0.03
    /// Last pitches closer than this share one unvoiced state.
    static let distinctMemoryOctaves: Float = 0.5
    /// Cost of a switch between voiced and unvoiced between hops of 10 ms (Praat's default, 0.14).
    public static let voicedUnvoicedCostPer10ms: Float = 0.14

    /// Hops between a hop's arrival and its decision.
    public let lagHops: Int
    private let octaveJumpCost: Float
    private let fastestGlide: Float  // octaves per hop
    private let implausibleJumpCost: Float
    private let voicedUnvoicedCost: Float
    private let rememberedGapHops: Int
    private let states: Int  // candidates, then the two unvoiced states
    private static let firstUnvoiced = maximumCandidates
    private let capacity: Int  // hops kept: the lag plus the newest
    private let log2F0: UnsafeMutablePointer<Float>  // [capacity * maximumCandidates]
    private let clarity: UnsafeMutablePointer<Float>  // [capacity * maximumCandidates]
    private let counts: UnsafeMutablePointer<Int>  // [capacity]
    private let back: UnsafeMutablePointer<Int8>  // [capacity * states]: the best previous state
    private let score: UnsafeMutablePointer<Float>  // [states]: path scores at the newest hop
    private let newScore: UnsafeMutablePointer<Float>  // [states]
    /// The last ``trace()``: log2 f0 (NaN for unvoiced) by hops before the newest.
    public let tracedLog2F0: UnsafeMutablePointer<Float>  // [capacity]
    private let tracedState: UnsafeMutablePointer<Int8>  // [capacity]: the path's state, by hops before the newest
    /// For each unvoiced state at the newest hop: log2 f0 of the last voiced hop on its path
    /// (NaN when none, or longer ago than ``rememberedGapSeconds``) and the unvoiced hops since.
    private var memory = SIMD2<Float>(repeating: .nan)
    private var gap = SIMD2<Int>(repeating: 0)
    private var newest = -1  // slot of the newest hop
    private var pushed = 0

    /// A tracker for hops of `hopSeconds` that decides each hop `lagHops` hops after it arrives.
    public init(hopSeconds: Double, lagHops: Int) {
        precondition(lagHops >= 0 && hopSeconds > 0)
        self.lagHops = lagHops
        let correction = Float(0.010 / hopSeconds)
        octaveJumpCost = Self.octaveJumpCostPer10ms * correction
        fastestGlide = Self.fastestGlideOctavesPer10ms / correction
        implausibleJumpCost = Self.implausibleJumpCostPer10ms * correction
        voicedUnvoicedCost = Self.voicedUnvoicedCostPer10ms * correction
        rememberedGapHops = max(1, Int((Self.rememberedGapSeconds / hopSeconds).rounded()))
        states = Self.maximumCandidates + 2
        capacity = lagHops + 1
        log2F0 = .allocate(capacity: capacity * Self.maximumCandidates)
        log2F0.initialize(repeating: 0, count: capacity * Self.maximumCandidates)
        clarity = .allocate(capacity: capacity * Self.maximumCandidates)
        clarity.initialize(repeating: 0, count: capacity * Self.maximumCandidates)
        counts = .allocate(capacity: capacity)
        counts.initialize(repeating: 0, count: capacity)
        back = .allocate(capacity: capacity * states)
        back.initialize(repeating: 0, count: capacity * states)
        score = .allocate(capacity: states)
        score.initialize(repeating: 0, count: states)
        newScore = .allocate(capacity: states)
        newScore.initialize(repeating: 0, count: states)
        tracedLog2F0 = .allocate(capacity: capacity)
        tracedLog2F0.initialize(repeating: .nan, count: capacity)
        tracedState = .allocate(capacity: capacity)
        tracedState.initialize(repeating: Int8(Self.firstUnvoiced), count: capacity)
    }

    deinit {
        log2F0.deallocate()
        clarity.deallocate()
        counts.deallocate()
        back.deallocate()
        score.deallocate()
        newScore.deallocate()
        tracedLog2F0.deallocate()
        tracedState.deallocate()
    }

    /// Forgets every hop, as at the start of a stream.
    public func reset() {
        newest = -1
        pushed = 0
        score.update(repeating: 0, count: states)
        memory = SIMD2(repeating: .nan)
        gap = SIMD2(repeating: 0)
    }

    /// Hops whose decision can still be traced: the newest and the `lagHops` before it.
    public var hopsHeld: Int { min(pushed, capacity) }

    /// Adds the next hop: `count` candidates as log2 f0, path strength (clarity plus any
    /// preference) and clarity, and the strength of the unvoiced hypothesis. Real-time safe.
    public func push(
        count: Int, log2F0 candidates: UnsafePointer<Float>, strength: UnsafePointer<Float>,
        clarity candidateClarity: UnsafePointer<Float>, unvoicedStrength: Float
    ) {
        let k = min(count, Self.maximumCandidates)
        let previous = newest
        let previousCount = previous >= 0 ? counts[previous] : 0
        newest = newest + 1 == capacity ? 0 : newest + 1
        let slot = newest
        counts[slot] = k
        let base = slot * Self.maximumCandidates
        for c in 0..<k {
            log2F0[base + c] = candidates[c]
            clarity[base + c] = candidateClarity[c]
        }
        let backs = back + slot * states
        let first = Self.firstUnvoiced
        if previous < 0 {
            for c in 0..<k { newScore[c] = strength[c] }
            newScore[first] = unvoicedStrength
            newScore[first + 1] = -.infinity
            for s in 0..<states { backs[s] = Int8(first) }
            memory = SIMD2(repeating: .nan)
            gap = SIMD2(repeating: 0)
        } else {
            let previousBase = previous * Self.maximumCandidates
            // Into voicing: from a voiced candidate at the jump cost; from an unvoiced state at
            // the switch cost, plus the implausible part of the jump from its remembered pitch.
            let (fromA, fromB) = (score[first] - voicedUnvoicedCost, score[first + 1] - voicedUnvoicedCost)
            let (memoryA, memoryB) = (memory[0], memory[1])  // NaN, and no cost, when nothing is remembered
            let (allowedA, allowedB) = (fastestGlide * Float(gap[0] + 1), fastestGlide * Float(gap[1] + 1))
            for c in 0..<k {
                let f = candidates[c]
                var best = fromA - implausibleCost(jump: abs(f - memoryA), allowed: allowedA)
                var from = first
                let valueB = fromB - implausibleCost(jump: abs(f - memoryB), allowed: allowedB)
                if valueB > best {
                    best = valueB
                    from = first + 1
                }
                for p in 0..<previousCount {
                    let jump = abs(f - log2F0[previousBase + p])
                    let value = score[p] - octaveJumpCost * jump - implausibleCost(jump: jump, allowed: fastestGlide)
                    if value > best {
                        best = value
                        from = p
                    }
                }
                newScore[c] = best + strength[c]
                backs[c] = Int8(from)
            }
            // Into unvoicing: every previous state offers a path. The first unvoiced state takes
            // the best; the second the best whose remembered pitch differs from the first's.
            let carried = (remembered(unvoiced: 0), remembered(unvoiced: 1))
            var aValue = score[first], aFrom = first, aMemory = carried.0
            if score[first + 1] > aValue { (aValue, aFrom, aMemory) = (score[first + 1], first + 1, carried.1) }
            for p in 0..<previousCount where score[p] - voicedUnvoicedCost > aValue {
                (aValue, aFrom, aMemory) = (score[p] - voicedUnvoicedCost, p, log2F0[previousBase + p])
            }
            @inline(__always) func distinct(_ m: Float) -> Bool {
                m.isNaN != aMemory.isNaN || abs(m - aMemory) > Self.distinctMemoryOctaves
            }
            var bValue = -Float.infinity, bFrom = first + 1, bMemory = Float.nan
            if aFrom != first && score[first] > bValue && distinct(carried.0) {
                (bValue, bFrom, bMemory) = (score[first], first, carried.0)
            }
            if aFrom != first + 1 && score[first + 1] > bValue && distinct(carried.1) {
                (bValue, bFrom, bMemory) = (score[first + 1], first + 1, carried.1)
            }
            for p in 0..<previousCount where p != aFrom && score[p] - voicedUnvoicedCost > bValue {
                let m = log2F0[previousBase + p]
                if distinct(m) { (bValue, bFrom, bMemory) = (score[p] - voicedUnvoicedCost, p, m) }
            }
            newScore[first] = aValue + unvoicedStrength
            backs[first] = Int8(aFrom)
            newScore[first + 1] = bValue + unvoicedStrength
            backs[first + 1] = Int8(bFrom)
            memory = SIMD2(aMemory, bMemory)
            gap = SIMD2(gapAfter(aFrom), gapAfter(bFrom))
        }
        // Keep scores near zero: only their differences matter.
        var top = max(newScore[first], newScore[first + 1])
        for c in 0..<k { top = max(top, newScore[c]) }
        for c in 0..<k { score[c] = newScore[c] - top }
        for c in k..<Self.maximumCandidates { score[c] = -.infinity }
        score[first] = newScore[first] - top
        score[first + 1] = newScore[first + 1] - top
        pushed += 1
    }

    /// The extra cost of a jump of `jump` octaves where a voice glides at most `allowed`:
    /// nothing within it, ``implausibleJumpCostPer10ms`` (scaled to the hop) per octave beyond,
    /// and nothing for a NaN jump (no pitch remembered).
    @inline(__always)
    private func implausibleCost(jump: Float, allowed: Float) -> Float {
        implausibleJumpCost * max(0, jump - allowed)  // max(0, NaN) is 0
    }

    /// The pitch unvoiced state `u` of the newest hop remembers one hop later: NaN once the
    /// gap outlasts ``rememberedGapSeconds``.
    @inline(__always)
    private func remembered(unvoiced u: Int) -> Float { gap[u] + 1 > rememberedGapHops ? .nan : memory[u] }

    /// Unvoiced hops on a path entering unvoicing from `state` of the previous hop.
    @inline(__always)
    private func gapAfter(_ state: Int) -> Int { state < Self.firstUnvoiced ? 1 : gap[state - Self.firstUnvoiced] + 1 }

    /// Traces the best path back from the best state at the newest hop, through every hop
    /// held: afterwards ``tracedLog2F0``[k] is the path's log2 f0 `k` hops before the newest
    /// (NaN where it is unvoiced), and ``decide(hopsBack:)`` reads the same path. The hops
    /// nearest the newest are provisional; the path settles as later hops arrive.
    /// Real-time safe.
    public func trace() {
        let first = Self.firstUnvoiced
        var state = score[first + 1] > score[first] ? first + 1 : first
        var best = score[state]
        for c in 0..<counts[newest] where score[c] > best {
            best = score[c]
            state = c
        }
        var slot = newest
        var row = back + slot * states
        for k in 0..<hopsHeld {
            if k > 0 {
                state = Int(row[state])
                if slot == 0 {
                    slot = capacity - 1
                    row = back + slot * states
                } else {
                    slot -= 1
                    row -= states
                }
            }
            tracedState[k] = Int8(state)
            tracedLog2F0[k] = state >= first ? .nan : log2F0[slot * Self.maximumCandidates + state]
        }
    }

    /// The decision for the hop `hopsBack` hops before the newest (0 = the newest) on the path
    /// of the last ``trace()``: f0 in Hz and its clarity, or nil when unvoiced.
    /// `hopsBack` must be below ``hopsHeld``. Real-time safe.
    public func decide(hopsBack: Int) -> (f0Hz: Float, clarity: Float)? {
        precondition(hopsBack < hopsHeld)
        let log2F0 = tracedLog2F0[hopsBack]
        guard !log2F0.isNaN else { return nil }
        let slot = (newest - hopsBack + capacity) % capacity
        return (exp2f(log2F0), clarity[slot * Self.maximumCandidates + Int(tracedState[hopsBack])])
    }
}
