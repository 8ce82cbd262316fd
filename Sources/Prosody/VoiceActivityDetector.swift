import Foundation

/// Speech/non-speech decision per hop, robust to steady background noise.
///
/// It compares the speech-band energy (250 Hz to 3.5 kHz) with an adaptive noise floor
/// tracked by minimum statistics (the lowest energy over the last few seconds, in sub-windows
/// so that it can rise again when the noise does), and uses voicing as a second cue: a
/// periodic hop needs less margin over the floor than an aperiodic one. A short onset
/// requirement rejects clicks; a short hangover bridges the gaps inside words.
public final class VoiceActivityDetector {
    /// Margin over the noise floor that a voiced hop needs to be speech.
    public static let voicedMarginDB: Float = 4
    /// Margin over the noise floor that an unvoiced hop needs to be speech.
    public static let unvoicedMarginDB: Float = 12
    /// Below this speech-band level nothing is speech, whatever the floor (digital near-silence).
    public static let absoluteMinimumDB: Float = -72
    /// Length of the noise-floor memory.
    public static let floorMemorySeconds = 3.0
    /// How long speech is held after the last speech-like hop.
    public static let hangoverSeconds = 0.08

    private let subwindowHops: Int
    private let subwindowCount: Int
    private let subwindowMinima: UnsafeMutablePointer<Float>
    private var subwindowsFilled = 0
    private var subwindowWrite = 0
    private var currentMinimum = Float.infinity
    private var hopsInSubwindow = 0
    private let hangoverHops: Int
    private var hangoverLeft = 0
    private var pendingOnset = false
    /// Current noise-floor estimate of the speech band, in dB relative to full scale.
    public private(set) var noiseFloorDB: Float = .infinity

    /// Prepares a detector for hops of `hopSeconds`.
    public init(hopSeconds: Double) {
        subwindowHops = max(1, Int((0.25 / hopSeconds).rounded()))
        subwindowCount = max(1, Int((Self.floorMemorySeconds / 0.25).rounded()))
        subwindowMinima = .allocate(capacity: subwindowCount)
        subwindowMinima.initialize(repeating: .infinity, count: subwindowCount)
        hangoverHops = max(0, Int((Self.hangoverSeconds / hopSeconds).rounded()))
    }

    deinit { subwindowMinima.deallocate() }

    /// Decides whether the hop with speech-band level `bandDB` (from mean square, dBFS) is speech. Real-time safe.
    public func process(bandDB: Float, voiced: Bool) -> Bool {
        trackFloor(bandDB)
        let margin = bandDB - noiseFloorDB
        let speechLike =
            bandDB > Self.absoluteMinimumDB
            && (margin > Self.unvoicedMarginDB || (voiced && margin > Self.voicedMarginDB))
        if speechLike {
            // An aperiodic burst must last two hops; a voiced hop starts speech at once.
            if voiced || pendingOnset || hangoverLeft > 0 {
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

    /// Clears the floor and the decision state.
    public func reset() {
        subwindowMinima.update(repeating: .infinity, count: subwindowCount)
        subwindowsFilled = 0
        subwindowWrite = 0
        currentMinimum = .infinity
        hopsInSubwindow = 0
        hangoverLeft = 0
        pendingOnset = false
        noiseFloorDB = .infinity
    }

    private func trackFloor(_ level: Float) {
        currentMinimum = min(currentMinimum, level)
        hopsInSubwindow += 1
        if hopsInSubwindow == subwindowHops {
            subwindowMinima[subwindowWrite] = currentMinimum
            subwindowWrite = subwindowWrite + 1 == subwindowCount ? 0 : subwindowWrite + 1
            subwindowsFilled = min(subwindowCount, subwindowsFilled + 1)
            currentMinimum = .infinity
            hopsInSubwindow = 0
        }
        var floor = currentMinimum
        for i in 0..<subwindowsFilled { floor = min(floor, subwindowMinima[i]) }
        noiseFloorDB = floor
    }
}
