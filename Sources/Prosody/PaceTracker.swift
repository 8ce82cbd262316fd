import Foundation

/// Speaking pace from syllable nuclei, after de Jong & Wempe (2009, "Praat script to detect
/// syllable nuclei and measure speech rate automatically"): a nucleus is an intensity peak
/// in voiced speech that rises at least `dipDB` above the dip before it and falls at least
/// as much after it. Detection is causal: a peak is counted on the hop where the fall
/// confirms it.
///
/// It also keeps a sliding window for the live articulation rate.
public final class PaceTracker {
    /// Rise and fall an intensity peak needs around it to be a nucleus. The intensity is the
    /// speech band over a 34 ms window every 10 ms, sharper than Praat's (whose 2 dB de Jong &
    /// Wempe use): it shows a vowel's own ripples of 2 dB (formant glides, a diphthong), which
    /// 3 dB leaves to the consonant dips between syllables.
    public static let dipDB: Float = 3
    /// A nucleus must stand this far above the noise floor.
    public static let minimumAboveFloorDB: Float = 8
    /// Nuclei closer than this are one syllable: the shortest syllables of fast speech last
    /// 50-60 ms (caps detection at 20 syllables per second).
    public static let minimumSpacingSeconds = 0.05
    /// The live rate needs at least this much speech in its window.
    public static let minimumWindowSpeechSeconds = 1.0

    private let hopSeconds: Double
    private let minimumSpacingHops: Int
    private let windowHops: Int
    private let window: UnsafeMutablePointer<UInt8>  // bit 0 speech, bit 1 nucleus
    private var windowWrite = 0
    private var windowSpeech = 0
    private var windowNuclei = 0

    private var rising = false
    private var peakDB: Float = -.infinity
    private var peakQualifies = false
    private var valleyDB: Float = .infinity
    private var valleyBeforePeakDB: Float = .infinity
    private var hopsSinceNucleus = Int.max / 2

    /// Syllable nuclei found so far.
    public var syllables: Int { storedSyllables }
    /// Storage of ``syllables``, private so the compiler sees every write and checks no exclusivity at run time.
    private var storedSyllables: Int = 0
    /// Hops judged to be speech so far.
    public var speechHops: Int { storedSpeechHops }
    /// Storage of ``speechHops``, private so the compiler sees every write and checks no exclusivity at run time.
    private var storedSpeechHops: Int = 0
    /// Hops seen so far.
    public var hops: Int { storedHops }
    /// Storage of ``hops``, private so the compiler sees every write and checks no exclusivity at run time.
    private var storedHops: Int = 0

    /// Prepares a tracker for hops of `hopSeconds` and a live window of `windowSeconds`.
    public init(hopSeconds: Double, windowSeconds: Double) {
        self.hopSeconds = hopSeconds
        minimumSpacingHops = max(1, Int((Self.minimumSpacingSeconds / hopSeconds).rounded()))
        windowHops = max(1, Int((windowSeconds / hopSeconds).rounded()))
        window = .allocate(capacity: windowHops)
        window.initialize(repeating: 0, count: windowHops)
    }

    deinit { window.deallocate() }

    /// Takes one hop's intensity (speech-band dB), the noise floor, and the voicing and speech
    /// decisions; returns whether a nucleus was confirmed and the windowed articulation rate.
    /// Real-time safe.
    public func process(intensityDB: Float, floorDB: Float, voiced: Bool, speech: Bool) -> (
        nucleus: Bool, articulationRate: Float?
    ) {
        storedHops += 1
        hopsSinceNucleus += 1
        var nucleus = false
        if rising {
            if intensityDB > peakDB {
                peakDB = intensityDB
                peakQualifies = voiced && speech && intensityDB > floorDB + Self.minimumAboveFloorDB
            } else if intensityDB < peakDB - Self.dipDB {
                if peakQualifies && peakDB - valleyBeforePeakDB >= Self.dipDB
                    && hopsSinceNucleus >= minimumSpacingHops
                {
                    nucleus = true
                    storedSyllables += 1
                    hopsSinceNucleus = 0
                }
                rising = false
                valleyDB = intensityDB
            }
        } else {
            if intensityDB < valleyDB {
                valleyDB = intensityDB
            } else if intensityDB > valleyDB + Self.dipDB {
                rising = true
                valleyBeforePeakDB = valleyDB
                peakDB = intensityDB
                peakQualifies = voiced && speech && intensityDB > floorDB + Self.minimumAboveFloorDB
            }
        }

        if speech { storedSpeechHops += 1 }

        let old = window[windowWrite]
        windowSpeech -= Int(old & 1)
        windowNuclei -= Int(old >> 1)
        let entry = UInt8(speech ? 1 : 0) | UInt8(nucleus ? 2 : 0)
        window[windowWrite] = entry
        windowSpeech += Int(entry & 1)
        windowNuclei += Int(entry >> 1)
        windowWrite = windowWrite + 1 == windowHops ? 0 : windowWrite + 1

        let windowSpeechSeconds = Double(windowSpeech) * hopSeconds
        let rate: Float? =
            windowSpeechSeconds >= Self.minimumWindowSpeechSeconds
            ? Float(Double(windowNuclei) / windowSpeechSeconds) : nil
        return (nucleus, rate)
    }

    /// Clears all state.
    public func reset() {
        window.update(repeating: 0, count: windowHops)
        windowWrite = 0
        windowSpeech = 0
        windowNuclei = 0
        rising = false
        peakDB = -.infinity
        peakQualifies = false
        valleyDB = .infinity
        valleyBeforePeakDB = .infinity
        hopsSinceNucleus = Int.max / 2
        storedSyllables = 0
        storedSpeechHops = 0
        storedHops = 0
    }
}
