import Core
import Foundation

/// Live cues for the agent's channel: small state machines over prosody frames, each with a
/// dead band (arm and disarm thresholds), a dwell time, and a cooldown; at most one cue at a
/// time, never two within the minimum gap. `update` is real-time safe: no allocation, no
/// strings; cues leave as ``Cue`` values.
public struct LiveCoach: Sendable {
    private let settings: LiveCueSettings
    private let hopSeconds: Double
    private let dwellHops: Int
    private let cooldownHops: Int
    private let gapHops: Int
    private let averageWeight: Float
    /// One rule per ``CueKind``, indexed by its raw value (allocated once, mutated in place).
    private var rules: [Rule]
    private var hop = 0
    private var lastCueHop = Int.min / 2
    private var speechLoudness: Float = .nan

    /// One rule's state: armed (condition held, with hysteresis), for how long, and when it last fired.
    struct Rule: Sendable {
        var armedHops = 0
        var armed = false
        var lastFiredHop = Int.min / 2

        /// Advances the rule with this hop's measurement; `enters` and `stays` are the arm and
        /// hold conditions (nil measurement disarms).
        mutating func step(enters: Bool, stays: Bool) {
            armed = armed ? stays : enters
            armedHops = armed ? armedHops + 1 : 0
        }
    }

    /// A coach with the given settings, for frames `hopSeconds` apart.
    public init(settings: LiveCueSettings = LiveCueSettings(), hopSeconds: Double) {
        self.settings = settings
        self.hopSeconds = hopSeconds
        dwellHops = max(1, Int((settings.dwellSeconds / hopSeconds).rounded()))
        cooldownHops = Int((settings.cueCooldownSeconds / hopSeconds).rounded())
        gapHops = Int((settings.minimumGapSeconds / hopSeconds).rounded())
        averageWeight = Float(1 - exp(-hopSeconds / settings.loudnessAverageSeconds))
        rules = Array(repeating: Rule(), count: CueKind.allCases.count)
    }

    /// Takes the agent's next frame; returns the cue to show, if one fires now.
    public mutating func update(_ frame: ProsodyFrame, channel: Int) -> Cue? {
        hop += 1
        if frame.isSpeech, let momentary = frame.loudnessMomentaryLUFS, momentary > -70 {
            speechLoudness = speechLoudness.isNaN ? momentary : speechLoudness + averageWeight * (momentary - speechLoudness)
        }
        let rate = frame.articulationRateSyllablesPerSecond
        let spread = frame.pitchVariabilitySemitones
        let s = settings
        let loud = speechLoudness.isNaN ? nil : speechLoudness
        step(.slowDown, enters: (rate ?? 0) > s.fastRate, stays: (rate ?? 0) > s.fastRateExit)
        step(.speedUp, enters: (rate ?? 99) < s.slowRate, stays: (rate ?? 99) < s.slowRateExit)
        step(.lowerVoice, enters: (loud ?? -100) > s.loudLUFS, stays: (loud ?? -100) > s.loudExitLUFS)
        step(.speakUp, enters: frame.isSpeech && (loud ?? 0) < s.quietLUFS, stays: (loud ?? 0) < s.quietExitLUFS)
        step(
            .liftTone, enters: frame.isSpeech && (spread ?? 99) < s.flatSemitones,
            stays: (spread ?? 99) < s.flatExitSemitones)

        guard hop - lastCueHop >= gapHops else { return nil }
        // Priority: what the customer hears worst first — volume, then pace, then tone.
        if let cue = fire(.lowerVoice, loud, frame, channel) { return cue }
        if let cue = fire(.speakUp, loud, frame, channel) { return cue }
        if let cue = fire(.slowDown, rate, frame, channel) { return cue }
        if let cue = fire(.speedUp, rate, frame, channel) { return cue }
        if let cue = fire(.liftTone, spread, frame, channel) { return cue }
        return nil
    }

    private mutating func step(_ kind: CueKind, enters: Bool, stays: Bool) {
        rules[Int(kind.rawValue)].step(enters: enters, stays: stays)
    }

    private mutating func fire(_ kind: CueKind, _ value: Float?, _ frame: ProsodyFrame, _ channel: Int) -> Cue? {
        let index = Int(kind.rawValue)
        guard rules[index].armedHops >= dwellHops, hop - rules[index].lastFiredHop >= cooldownHops else { return nil }
        rules[index].lastFiredHop = hop
        rules[index].armedHops = 0
        lastCueHop = hop
        return Cue(kind: kind, timeSeconds: frame.timeSeconds, channel: channel, value: value ?? .nan)
    }
}
