import Core
import Engine
import Foundation
import TestSupport
import Testing

@testable import Prosody

/// Voice activity and pace on generated speech, against answers known from how it was made.
@Suite("Speech: voice activity and pace")
struct SpeechFixtureTests {
    /// Runs one channel through a call analyzer and returns its frames and summary.
    static func analyse(_ signal: [Float], sampleRate: Int) throws -> ([ProsodyFrame], ChannelSummary) {
        let analyzer = try CallAnalyzer(sampleRate: sampleRate, inputChannelCount: 1, analysedChannels: [0])
        var frames: [ProsodyFrame] = []
        signal.withUnsafeBufferPointer { analyzer.process(interleaved: $0) { frames.append($1) } }
        analyzer.finish { frames.append($1) }
        return (frames, analyzer.summaries()[0])
    }

    /// Reference speech labels from the clean signal: a frame is speech when the 30 ms centred
    /// on its instant is within 40 dB of the loudest such window (a threshold any listener would
    /// agree with on clean speech).
    static func referenceSpeech(_ clean: [Float], sampleRate: Int, hops: Int) -> [Bool] {
        let hop = sampleRate / 100
        let window = 3 * hop
        let energies = (0..<hops).map { i -> Double in
            let centre = (i + 1) * hop
            let end = min(clean.count, centre + window / 2)
            let start = max(0, min(end - 1, centre - window / 2))
            return clean[start..<end].reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, end - start))
        }
        let threshold = (energies.max() ?? 0) * 1e-4
        return energies.map { $0 > threshold }
    }

    /// Speech time as speech-rate studies count it: first to last word, less silences of a pause's length.
    static func speechTime(_ speech: [Bool], minimumPauseHops: Int) -> Double {
        guard let first = speech.firstIndex(of: true), let last = speech.lastIndex(of: true) else { return 0 }
        var hops = 0
        var silence = 0
        for flag in speech[first...last] {
            if flag {
                if silence < minimumPauseHops { hops += silence }
                silence = 0
                hops += 1
            } else {
                silence += 1
            }
        }
        return Double(hops) / 100
    }

    static func speechRMS(_ clean: [Float]) -> Double {
        let active = clean.filter { abs($0) > 0.01 }
        return (active.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(active.count)).squareRoot()
    }

    /// (SNR in dB, least hop agreement with the clean reference, largest speech-time error,
    /// pauses found). White noise is the hardest steady noise: it masks weak consonants across
    /// the whole band. The passage's breaks between clauses and sentences last 240-530 ms in the
    /// clean signal: four or five of them are pauses of 250 ms or more. At 10 dB the noise also
    /// masks the weak consonant that opens the last word (clean: 100 ms of it stand out of a
    /// 150 ms gap; at 10 dB SNR it is 10 dB under the noise), which opens one more pause.
    /// Three of the clean breaks measure 230-250 ms, right at the pause length: at 20 dB, noise
    /// that hides 20 ms of a weak consonant's edge (the detector wants 6 dB over the noise's
    /// typical level) lengthens one of them into a pause too.
    static let noiseCases: [(Double, Double, Double, ClosedRange<Int>)] = [
        (100, 0.93, 0.06, 4...5), (20, 0.90, 0.08, 4...6), (10, 0.83, 0.12, 4...6),
    ]

    @Test("voice activity on clean speech and in white noise at 20 and 10 dB SNR", arguments: noiseCases)
    func voiceActivityInNoise(snr: Double, minimumAgreement: Double, maximumTimeError: Double, pauses: ClosedRange<Int>) throws {
        let (channels, rate) = try Fixtures.load("pace-120wpm.wav")
        let clean = channels[0]
        var noise = SplitMix64(seed: 42)
        let sigma = Self.speechRMS(clean) / pow(10, snr / 20)
        let noisy = clean.map { $0 + noise.gaussian(sigma: sigma) }
        let (frames, summary) = try Self.analyse(noisy, sampleRate: rate)
        let reference = Self.referenceSpeech(clean, sampleRate: rate, hops: frames.count)
        let agreement = Double(zip(frames, reference).filter { $0.isSpeech == $1 }.count) / Double(frames.count)
        let referenceSeconds = Self.speechTime(reference, minimumPauseHops: 25)
        #expect(agreement >= minimumAgreement, "agreement \(agreement) at \(snr) dB")
        #expect(abs(summary.speechSeconds / referenceSeconds - 1) <= maximumTimeError,
                "speech \(summary.speechSeconds) s vs \(referenceSeconds) s at \(snr) dB")
        #expect(pauses.contains(summary.pauses), "pauses \(summary.pauses) at \(snr) dB")
    }

    @Test("pace: 120 and 240 words per minute read in a 2:1 ratio; syllables counted within 10 %")
    func paceRatio() throws {
        let slow = try Fixtures.load("pace-120wpm.wav")
        let fast = try Fixtures.load("pace-240wpm.wav")
        let (_, slowSummary) = try Self.analyse(slow.channels[0], sampleRate: slow.sampleRate)
        let (_, fastSummary) = try Self.analyse(fast.channels[0], sampleRate: fast.sampleRate)
        // The passage has 60 syllables (counted by hand in make-fixtures.sh's text).
        for summary in [slowSummary, fastSummary] {
            #expect(abs(Double(summary.syllables) / 60 - 1) <= 0.10, "\(summary.syllables) syllables")
        }
        let ratio = fastSummary.speechRateSyllablesPerSecond / slowSummary.speechRateSyllablesPerSecond
        #expect(abs(ratio / 2 - 1) <= 0.15, "speech-rate ratio \(ratio)")
        let articulation = try #require(fastSummary.articulationRateSyllablesPerSecond)
            / #require(slowSummary.articulationRateSyllablesPerSecond)
        #expect(articulation > 1.5, "articulation-rate ratio \(articulation)")
    }
}
