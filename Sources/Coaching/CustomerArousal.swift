import Core
import Foundation

/// How far the customer's voice has risen above their own first speech: loudness in LU and,
/// when it is measured, pitch in semitones.
///
/// The baseline is the customer's first `customerBaselineSeconds` of speech; after it, a
/// running level over the last `agitationWindowSeconds` of their speech (pauses and the
/// agent's turns do not count, so a raised voice across several turns with short pauses
/// builds up). Loudness is averaged as energy over momentary readings taken inside a turn
/// (once 400 ms of it have passed, so the window holds speech, not the silence before it);
/// pitch as semitones over voiced hops. A customer who is loud or high from the first word is
/// judged against that voice, and never reads as risen. Real-time safe.
struct CustomerArousal: Sendable {
    /// Rise of loudness and pitch over the running window; pitch is nil until enough voiced
    /// speech on both sides. `turnLoudness` is the current turn's own level above the baseline,
    /// once half a second of it has been measured.
    typealias Rise = (loudness: Float, pitch: Float?, turnLoudness: Float?)

    private static let momentaryWindowSeconds = 0.4
    private let baselineHops: Int
    private let minimumPitchHops: Int
    private let weight: Double
    private var baselineCount = 0
    private var baselineEnergy = 0.0
    private var baselinePitchSum = 0.0
    private var baselinePitchHops = 0
    private var recentEnergy = 0.0
    private var recentPitch = 0.0
    private var recentPitchHops = 0
    private var turnStart = -1.0
    private var turnEnergy = 0.0
    private var turnHops = 0

    init(settings: LiveCueSettings, hopSeconds: Double) {
        baselineHops = max(1, Int((settings.customerBaselineSeconds / hopSeconds).rounded()))
        // Half a second: a few syllables, enough for a mean pitch or level to mean something.
        minimumPitchHops = max(1, Int((0.5 / hopSeconds).rounded()))
        weight = 1 - exp(-hopSeconds / settings.agitationWindowSeconds)
    }

    /// Takes the customer's frame and the state of their turn; returns the rise once the
    /// baseline is known and this hop is their speech, nil otherwise.
    mutating func add(_ frame: ProsodyFrame, turn: SpeakerTurns) -> Rise? {
        guard frame.isSpeech, turn.inSpeech, turn.turnSeconds >= Self.momentaryWindowSeconds,
            let momentary = frame.loudnessMomentaryLUFS, momentary > -70
        else { return nil }
        let energy = pow(10, Double(momentary) / 10)
        if turn.turnStartSeconds != turnStart {
            turnStart = turn.turnStartSeconds
            turnEnergy = 0
            turnHops = 0
        }
        turnEnergy += energy
        turnHops += 1
        let semitones = frame.f0Hz.map { 12 * log2(Double($0)) }
        if baselineCount < baselineHops {
            baselineCount += 1
            baselineEnergy += energy
            if let semitones {
                baselinePitchSum += semitones
                baselinePitchHops += 1
            }
            if baselineCount == baselineHops {
                recentEnergy = baselineEnergy / Double(baselineHops)
                recentPitch = baselinePitchHops > 0 ? baselinePitchSum / Double(baselinePitchHops) : 0
            }
            return nil
        }
        recentEnergy += weight * (energy - recentEnergy)
        if let semitones {
            if baselinePitchHops == 0 {
                baselinePitchSum = semitones
                baselinePitchHops = 1
                recentPitch = semitones
            }
            recentPitch += weight * (semitones - recentPitch)
            recentPitchHops += 1
        }
        let baselineLevel = 10 * log10(baselineEnergy / Double(baselineCount))
        let loudness = Float(10 * log10(recentEnergy) - baselineLevel)
        let pitchKnown = baselinePitchHops >= minimumPitchHops && recentPitchHops >= minimumPitchHops
        let pitch = pitchKnown ? Float(recentPitch - baselinePitchSum / Double(baselinePitchHops)) : nil
        let turnLoudness =
            turnHops >= minimumPitchHops ? Float(10 * log10(turnEnergy / Double(turnHops)) - baselineLevel) : nil
        return (loudness, pitch, turnLoudness)
    }
}
