import CSndFile
import Core
import Engine
import Foundation
import TestSupport
import Testing

@Suite("Call analyzer and offline analysis")
struct CallAnalyzerTests {
    /// A talker: a voiced signal at a steady `f0`, in 300 ms syllables separated by 150 ms gaps.
    static func talker(f0: Double, sampleRate: Int, seconds: Double) -> [Float] {
        let voice = Signals.voiced(contour: { _ in f0 }, sampleRate: sampleRate, seconds: seconds, peak: 0.3)
        return voice.enumerated().map { i, x in
            let t = Double(i) / Double(sampleRate)
            return t.truncatingRemainder(dividingBy: 0.45) < 0.3 ? x : 0
        }
    }

    static func interleave(_ left: [Float], _ right: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: 2 * left.count)
        for i in left.indices {
            out[2 * i] = left[i]
            out[2 * i + 1] = right[i]
        }
        return out
    }

    @Test("frames do not depend on how the input is split into blocks")
    func blockSizeInvariance() throws {
        let signal = Self.talker(f0: 150, sampleRate: 16000, seconds: 2)
        func frames(block: Int) throws -> [ProsodyFrame] {
            let analyzer = try CallAnalyzer(sampleRate: 16000, inputChannelCount: 1, analysedChannels: [0])
            var out: [ProsodyFrame] = []
            signal.withUnsafeBufferPointer { all in
                var start = 0
                while start < all.count {
                    let end = min(all.count, start + block)
                    analyzer.process(interleaved: UnsafeBufferPointer(rebasing: all[start..<end])) { out.append($1) }
                    start = end
                }
            }
            analyzer.finish { out.append($1) }
            return out
        }
        let reference = try frames(block: 4096)
        #expect(reference.count == 200)
        for block in [1, 97, 160, 10_000] { #expect(try frames(block: block) == reference, "block \(block)") }
    }

    @Test("a stereo recording: agent left and customer right, each with its own pitch")
    func stereoRecording() throws {
        let files = try TestFiles()
        let rate = 8000
        let agent = Self.talker(f0: 110, sampleRate: rate, seconds: 4)
        let customer = Self.talker(f0: 230, sampleRate: rate, seconds: 4)
        let path = files.write(
            "call.wav", samples: Self.interleave(agent, customer), sampleRate: rate, channels: 2,
            format: Int32(SF_FORMAT_WAV | SF_FORMAT_ULAW))
        let analysis = try OfflineAnalysis(path: path)
        #expect(analysis.channels.map(\.name) == ["agent", "customer"])
        var perChannel = [0, 0]
        var lastTime = [0.0, 0.0]
        let summaries = try analysis.run { position, frame in
            perChannel[position] += 1
            #expect(frame.timeSeconds > lastTime[position])
            lastTime[position] = frame.timeSeconds
        }
        #expect(perChannel == [400, 400])
        let agentMedian = try #require(summaries[0].pitchMedianHz)
        let customerMedian = try #require(summaries[1].pitchMedianHz)
        #expect(abs(agentMedian / 110 - 1) < 0.02, "agent \(agentMedian)")
        #expect(abs(customerMedian / 230 - 1) < 0.02, "customer \(customerMedian)")
        // 300 ms syllables 150 ms apart are one stretch of speech (150 ms is no pause), from 0 to 3.9 s.
        for summary in summaries {
            #expect(abs(summary.speechSeconds - 3.9) < 0.05, "speech \(summary.speechSeconds)")
            #expect(summary.pauses == 0)
            #expect(abs(summary.durationSeconds - 4) < 0.001)
        }
    }

    @Test("--channels semantics: swap, skip, and a count that does not match")
    func channelNames() throws {
        let files = try TestFiles()
        let agent = Self.talker(f0: 110, sampleRate: 8000, seconds: 2)
        let customer = Self.talker(f0: 230, sampleRate: 8000, seconds: 2)
        let path = files.write(
            "call.wav", samples: Self.interleave(agent, customer), sampleRate: 8000, channels: 2,
            format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        let swapped = try OfflineAnalysis(path: path, channelNames: ["customer", "agent"])
        let swappedSummaries = try swapped.run { _, _ in }
        #expect(swapped.channels.map(\.name) == ["customer", "agent"])
        #expect(try #require(swappedSummaries[0].pitchMedianHz) < 150)

        let onlyRight = try OfflineAnalysis(path: path, channelNames: [nil, "customer"])
        let rightSummaries = try onlyRight.run { position, _ in #expect(position == 0) }
        #expect(rightSummaries.count == 1)
        #expect(try #require(rightSummaries[0].pitchMedianHz) > 200)

        #expect(throws: AnalysisError.channelNamesMismatch(path: path, names: 1, channels: 2)) {
            try OfflineAnalysis(path: path, channelNames: ["agent"])
        }
        #expect(throws: AnalysisError.noChannelSelected(path: path)) {
            try OfflineAnalysis(path: path, channelNames: [nil, nil])
        }
    }

    @Test("a pause while the other party talks is listening; a silence nobody fills is a pause")
    func pausesAreConversational() throws {
        let rate = 8000
        let second = Self.talker(f0: 120, sampleRate: rate, seconds: 1).map { _ in Float(0) }
        let agentTalk = Self.talker(f0: 120, sampleRate: rate, seconds: 1.2)
        let customerTalk = Self.talker(f0: 220, sampleRate: rate, seconds: 1.2)
        let silence = [Float](repeating: 0, count: Int(1.2 * Double(rate)))
        // agent, customer answers (agent listens), agent, both silent 1 s, agent.
        let left = agentTalk + silence + agentTalk + second + agentTalk
        let right = silence + customerTalk + silence + second + silence
        let analyzer = try CallAnalyzer(sampleRate: rate, inputChannelCount: 2, analysedChannels: [0, 1])
        Self.interleave(left, right).withUnsafeBufferPointer { analyzer.process(interleaved: $0) { _, _ in } }
        analyzer.finish { _, _ in }
        let agent = analyzer.summaries()[0]
        // The agent's pauses: the gaps between syllables are 150 ms (too short) except the 1 s silence.
        #expect(agent.pauses == 1, "agent pauses \(agent.pauses)")
        let mean = try #require(agent.pauseMeanSeconds)
        #expect(abs(mean - 1.0) < 0.05, "pause \(mean) s")
    }

    @Test("the bundled example call analyses with two channels")
    func exampleCall() throws {
        let analysis = try OfflineAnalysis(path: Fixtures.path("example-call.wav"))
        #expect(analysis.reader.formatDescription == "WAV, G.711 µ-law")
        let summaries = try analysis.run { _, _ in }
        #expect(summaries.count == 2)
        // espeak-ng's en-us voice at pitch 45 speaks near 95 Hz; its +f3 variant at 55-75 near 240 Hz.
        #expect(try #require(summaries[0].pitchMedianHz) < 130)
        #expect(try #require(summaries[1].pitchMedianHz) > 180)
        // The customer was generated louder (amplitude 100-150 against the agent's 90).
        #expect(try #require(summaries[1].loudnessIntegratedLUFS) > #require(summaries[0].loudnessIntegratedLUFS))
    }
}
