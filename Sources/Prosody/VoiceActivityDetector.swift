import Foundation

/// Speech/non-speech decision per hop, robust to steady background noise.
///
/// It compares the energy in four speech bands (around F1, F2, F3 and the fricative region)
/// with an adaptive noise floor per band, tracked by minimum statistics (the lowest level over
/// the last few seconds, in sub-windows so that the floor can rise again when the noise does).
/// A hop is judged by its best band: vowels stand out of broadband noise around F1, fricatives
/// at the top of the band, long before the whole band's energy rises. Periodicity is a second
/// cue: a periodic hop needs less margin than an aperiodic one. A two-hop onset rejects clicks;
/// a short hangover bridges the gaps inside words.
public final class VoiceActivityDetector {
    /// Periodicity (NSDF peak) from which a hop counts as periodic: lower than the pitch
    /// tracker's voicing threshold, because noise lowers the periodicity of a voice.
    public static let periodicClarity: Float = 0.4
    /// Margin over the noise floor, in the best band, that a periodic hop needs to be speech.
    public static let periodicMarginDB: Float = 3
    /// Margin over the noise floor, in the best band, that an aperiodic hop needs to be speech.
    public static let aperiodicMarginDB: Float = 6
    /// Below this whole speech-band level nothing is speech, whatever the floor (digital near-silence).
    public static let absoluteMinimumDB: Float = -72
    /// Length of the noise-floor memory.
    public static let floorMemorySeconds = 3.0
    /// How long speech is held after the last speech-like hop.
    public static let hangoverSeconds = 0.03
    /// Until the floor memory has filled, a periodic hop is also judged against this band
    /// level (dBFS): a quiet line. A call that opens with the agent already speaking has no
    /// silence yet to learn its floor from, and would otherwise lose its first words; an
    /// aperiodic hop (line noise, a fan) is never judged against it, so noise at the start of
    /// a recording does not become speech.
    public static let startFloorDB: Float = -60

    private let subwindowHops: Int
    private let subwindowCount: Int
    private let subwindowMinima: UnsafeMutablePointer<SIMD4<Float>>
    private var subwindowsFilled = 0
    private var subwindowWrite = 0
    private var currentMinimum = SIMD4<Float>(repeating: .infinity)
    private var hopsInSubwindow = 0
    private let hangoverHops: Int
    private var hangoverLeft = 0
    private var pendingOnset = false
    private var previousMeanSquares = (SIMD4<Float>(repeating: 0), SIMD4<Float>(repeating: 0))
    private var hopsSeen = 0
    /// Current noise floor of each speech band, as a mean square. Levels are compared with
    /// their floors as power ratios (the margins in dB turned into ratios once): the same
    /// decisions as in dB, without a logarithm per band and hop.
    private var bandFloors = SIMD4<Float>(repeating: .infinity)
    /// Current noise floor of each speech band, in dB relative to full scale.
    public var bandFloorsDB: SIMD4<Float> {
        SIMD4(Self.decibels(bandFloors[0]), Self.decibels(bandFloors[1]), Self.decibels(bandFloors[2]), Self.decibels(bandFloors[3]))
    }
    /// Current noise floor of the whole speech band, in dB relative to full scale.
    public var noiseFloorDB: Float { storedNoiseFloorDB }
    /// Storage of ``noiseFloorDB``, private so the compiler sees every write and checks no exclusivity at run time.
    private var storedNoiseFloorDB: Float = .infinity

    /// Prepares a detector for hops of `hopSeconds`.
    public init(hopSeconds: Double) {
        subwindowHops = max(1, Int((0.25 / hopSeconds).rounded()))
        subwindowCount = max(1, Int((Self.floorMemorySeconds / 0.25).rounded()))
        subwindowMinima = .allocate(capacity: subwindowCount)
        subwindowMinima.initialize(repeating: SIMD4(repeating: .infinity), count: subwindowCount)
        hangoverHops = max(0, Int((Self.hangoverSeconds / hopSeconds).rounded()))
    }

    deinit { subwindowMinima.deallocate() }

    /// Decides whether a hop is speech from its band mean squares and its periodicity. Real-time safe.
    public func process(bandMeanSquares: SIMD4<Float>, periodic: Bool) -> Bool {
        let levels = Self.higher(bandMeanSquares, SIMD4(repeating: Self.smallestMeanSquare))  // as mean squares
        // The floor follows the mean of three hops: a single hop's band level scatters by a
        // few dB on steady noise (a narrow band holds few independent bins), so the minimum
        // of single hops sits well below the noise's typical level and ordinary noise hops
        // then clear the margin. Three hops' mean scatters much less; its minimum stays
        // close to the noise level the raw hops are judged against.
        if hopsSeen < 2 {
            // Nothing before the first hops: repeat them rather than average in silence.
            previousMeanSquares = hopsSeen == 0 ? (bandMeanSquares, bandMeanSquares) : (previousMeanSquares.0, previousMeanSquares.0)
            hopsSeen += 1
        }
        let smoothed = (bandMeanSquares + previousMeanSquares.0 + previousMeanSquares.1) / 3
        previousMeanSquares = (bandMeanSquares, previousMeanSquares.0)
        trackFloors(Self.higher(smoothed, SIMD4(repeating: Self.smallestMeanSquare)))
        // Each margin in dB, as the power ratio it stands for: level - floor > margin dB.
        let clearsAperiodic = any(levels .> bandFloors * Self.aperiodicMarginRatio)
        let periodicFloors =
            subwindowsFilled < subwindowCount
            ? Self.lower(bandFloors, SIMD4(repeating: Self.startFloorMeanSquare)) : bandFloors
        let clearsPeriodic = any(levels .> periodicFloors * Self.periodicMarginRatio)
        let speechLike =
            bandMeanSquares.sum() > Self.absoluteMinimumMeanSquare
            && (clearsAperiodic || (periodic && clearsPeriodic))
        if speechLike {
            // An aperiodic burst must last two hops; a periodic hop starts speech at once.
            if periodic || pendingOnset || hangoverLeft > 0 {
                hangoverLeft = hangoverHops + 1
                pendingOnset = false
            } else {
                pendingOnset = true
            }
        } else {
            pendingOnset = false
        }
        if hangoverLeft > 0 {
            hangoverLeft -= 1
            return true
        }
        return false
    }

    /// Clears the floors and the decision state.
    public func reset() {
        subwindowMinima.update(repeating: SIMD4(repeating: .infinity), count: subwindowCount)
        subwindowsFilled = 0
        subwindowWrite = 0
        currentMinimum = SIMD4(repeating: .infinity)
        hopsInSubwindow = 0
        hangoverLeft = 0
        pendingOnset = false
        previousMeanSquares = (SIMD4(repeating: 0), SIMD4(repeating: 0))
        hopsSeen = 0
        bandFloors = SIMD4(repeating: .infinity)
        storedNoiseFloorDB = .infinity
    }

    @inline(__always)
    static func decibels(_ meanSquare: Float) -> Float {
        10 * log10f(max(meanSquare, smallestMeanSquare))
    }

    /// Tracks the floors from this hop's smoothed band mean squares.
    private func trackFloors(_ meanSquares: SIMD4<Float>) {
        currentMinimum = Self.lower(currentMinimum, meanSquares)
        hopsInSubwindow += 1
        if hopsInSubwindow == subwindowHops {
            subwindowMinima[subwindowWrite] = currentMinimum
            subwindowWrite = subwindowWrite + 1 == subwindowCount ? 0 : subwindowWrite + 1
            subwindowsFilled = min(subwindowCount, subwindowsFilled + 1)
            currentMinimum = SIMD4(repeating: .infinity)
            hopsInSubwindow = 0
        }
        var floors = Self.lower(currentMinimum, meanSquares)
        for i in 0..<subwindowsFilled { floors = Self.lower(floors, subwindowMinima[i]) }
        bandFloors = floors
        storedNoiseFloorDB = Self.decibels(floors.sum())
    }

    /// The lower of each pair of lanes: the standard library's generic `pointwiseMin` is not
    /// specialised into a vector minimum, this is.
    @inline(__always)
    private static func lower(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
        a.replacing(with: b, where: b .< a)
    }

    /// The higher of each pair of lanes (see ``lower(_:_:)``).
    @inline(__always)
    private static func higher(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
        a.replacing(with: b, where: b .> a)
    }

    /// The smallest mean square told apart (-140 dB): silence reads as this.
    private static let smallestMeanSquare: Float = 1e-14
    /// The margins and levels above as power ratios and mean squares, 10^(dB/10).
    private static let aperiodicMarginRatio = powf(10, aperiodicMarginDB / 10)
    private static let periodicMarginRatio = powf(10, periodicMarginDB / 10)
    private static let startFloorMeanSquare = powf(10, startFloorDB / 10)
    private static let absoluteMinimumMeanSquare = powf(10, absoluteMinimumDB / 10)
}
