import Core
import Foundation
import TestSupport
import Testing

@testable import Prosody

@Suite("Pitch tracker")
struct PitchTrackerTests {
    static let rates = [8000, 16000, 44100, 48000]
    static let pitches: [Double] = [60, 75, 100, 130, 165, 220, 300, 400, 500]

    @Test("harmonic tones 60-500 Hz read within 1 % on every frame inside the tone", arguments: rates)
    func harmonicTones(sampleRate: Int) throws {
        for f0 in Self.pitches {
            let signal = Signals.harmonicTone(f0: f0, sampleRate: sampleRate, seconds: 1)
            let (frames, _, analyzer) = try analyse(signal, sampleRate: sampleRate)
            // Frames whose centred window lies wholly inside the 1 s tone.
            let half = analyzer.analysisWindowSeconds / 2
            let settled = frames.filter { $0.timeSeconds > half + 0.01 && $0.timeSeconds < 1 - half }
            #expect(settled.count > 80)
            let voiced = settled.compactMap(\.f0Hz)
            #expect(voiced.count == settled.count, "\(f0) Hz at \(sampleRate) Hz: \(settled.count - voiced.count) unvoiced frames")
            let worst = voiced.map { abs(Double($0) / f0 - 1) }.max() ?? 1
            #expect(worst < 0.01, "\(f0) Hz at \(sampleRate) Hz: worst error \(worst * 100) %")
        }
    }

    @Test("a pure 220 Hz sine reads 220 Hz")
    func pureSine() throws {
        let signal = Signals.sine(frequency: 220, amplitude: 0.3, sampleRate: 16000, seconds: 1)
        let (frames, _, analyzer) = try analyse(signal, sampleRate: 16000)
        // 50 frames from the middle of the tone, whose windows hold nothing but the sine.
        #expect(frames.count == 100)
        #expect(analyzer.analysisWindowSeconds < 0.25)
        let voiced = frames[25..<75].compactMap(\.f0Hz)
        #expect(voiced.count == 50)
        for f in voiced { #expect(abs(f - 220) < 0.5) }
    }

    /// Gross pitch error rate over frames whose true f0 is known: the share of frames where the
    /// tracker is unvoiced counts separately from the share where it is more than 20 % off.
    static func grossErrors(
        _ frames: [ProsodyFrame], contour: (Double) -> Double, windowSeconds: Double, from: Double
    ) -> (gross: Double, unvoiced: Double) {
        let judged = frames.filter { $0.timeSeconds > from }
        var gross = 0
        var unvoiced = 0
        for frame in judged {
            let truth = contour(frame.timeSeconds - windowSeconds / 2)
            guard let f0 = frame.f0Hz else {
                unvoiced += 1
                continue
            }
            if abs(Double(f0) / truth - 1) > 0.2 { gross += 1 }
        }
        return (Double(gross) / Double(judged.count), Double(unvoiced) / Double(judged.count))
    }

    static let glide: @Sendable (Double) -> Double = { t in 90 * pow(280.0 / 90.0, t / 3) }  // 90 -> 280 Hz over 3 s
    static let intonation: @Sendable (Double) -> Double = { t in 180 + 60 * sin(2 * .pi * 0.7 * t) }  // 120-240 Hz

    @Test("gliding voiced signal: gross pitch errors under 2 %", arguments: [8000, 16000, 48000])
    func glidingVoice(sampleRate: Int) throws {
        for contour in [Self.glide, Self.intonation] {
            let signal = Signals.voiced(contour: contour, sampleRate: sampleRate, seconds: 3)
            let (frames, _, analyzer) = try analyse(signal, sampleRate: sampleRate)
            let errors = Self.grossErrors(
                frames, contour: contour, windowSeconds: analyzer.analysisWindowSeconds, from: 0.05)
            #expect(errors.gross < 0.02, "GPE \(errors.gross * 100) % at \(sampleRate) Hz")
            #expect(errors.unvoiced < 0.02, "unvoiced \(errors.unvoiced * 100) % at \(sampleRate) Hz")
        }
    }

    @Test("telephone band (300-3400 Hz, fundamental removed): gross pitch errors under 2 %")
    func telephoneBand() throws {
        for contour in [Self.glide, Self.intonation] {
            let wide = Signals.voiced(contour: contour, sampleRate: 8000, seconds: 3)
            let signal = Signals.telephoneBand(wide, sampleRate: 8000)
            let (frames, _, analyzer) = try analyse(signal, sampleRate: 8000)
            let errors = Self.grossErrors(
                frames, contour: contour, windowSeconds: analyzer.analysisWindowSeconds, from: 0.1)
            #expect(errors.gross < 0.02, "GPE \(errors.gross * 100) %")
            #expect(errors.unvoiced < 0.02, "unvoiced \(errors.unvoiced * 100) %")
        }
    }

    @Test("white noise is not voiced")
    func noiseIsUnvoiced() throws {
        let noise = Signals.whiteNoise(count: 32000, rms: 0.1, seed: 7)
        let (frames, _, _) = try analyse(noise, sampleRate: 16000)
        let voiced = frames.filter(\.isVoiced).count
        #expect(Double(voiced) / Double(frames.count) < 0.02)
    }

    @Test("samples beyond full scale, a 1e30 spike, NaN and infinity: every field finite, the tone still found")
    func hostileSamples() throws {
        var signal = Signals.sine(frequency: 220, amplitude: 0.3, sampleRate: 16000, seconds: 1).map { $0 * 20000 }
        signal[4000] = 1e30
        signal[8000] = .nan
        signal[9000] = -.infinity
        let (frames, summary, _) = try analyse(signal, sampleRate: 16000)
        #expect(frames.count == 100)
        for frame in frames {
            #expect(frame.levelDBFS.isFinite)
            #expect(frame.loudnessMomentaryLUFS.map(\.isFinite) ?? true)
            #expect(frame.f0Hz.map(\.isFinite) ?? true)
        }
        #expect(summary.loudnessIntegratedLUFS.map(\.isFinite) == true)
        // Away from the spike's and the gaps' windows, the 220 Hz tone reads as itself.
        let steady = frames[60..<80].compactMap(\.f0Hz)
        #expect(steady.count == 20)
        for f in steady { #expect(abs(f - 220) < 2) }
    }

    @Test("digital silence is unvoiced and floors the level")
    func silence() throws {
        let (frames, summary, _) = try analyse([Float](repeating: 0, count: 16000), sampleRate: 16000)
        #expect(frames.allSatisfy { !$0.isVoiced && !$0.isSpeech && $0.levelDBFS == LevelFloor.decibels })
        #expect(summary.loudnessIntegratedLUFS == nil)
        #expect(summary.pitchMedianHz == nil)
    }

    @Test("the pitch range setting is honoured: 80 Hz is not found when the floor is 100 Hz")
    func rangeIsHonoured() throws {
        let signal = Signals.sine(frequency: 80, amplitude: 0.3, sampleRate: 16000, seconds: 1)
        let settings = AnalysisSettings(pitchMinHz: 100, pitchMaxHz: 400)
        let (frames, _, _) = try analyse(signal, sampleRate: 16000, settings: settings)
        for f in frames.compactMap(\.f0Hz) { #expect(f >= 95) }
    }
}
