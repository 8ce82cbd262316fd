import AudioIO
import Core
import Engine
import Foundation
import TestSupport
import Testing

@Suite("Live session")
struct LiveSessionTests {
    static func speech() throws -> (signal: [Float], rate: Int) {
        let (channels, rate) = try Fixtures.load("pace-120wpm.wav")
        return (channels[0], rate)
    }

    /// Runs a session to its end, collecting what crosses to the output side.
    static func run(_ session: LiveSession) throws -> (
        frames: [ProsodyFrame], cues: [Cue], events: [LiveEvent], summaries: [ChannelSummary], statistics: LiveStatistics
    ) {
        try session.start()
        var frames: [ProsodyFrame] = []
        var cues: [Cue] = []
        var events: [LiveEvent] = []
        let deadline = Date().addingTimeInterval(60)
        while session.isRunning && Date() < deadline {
            session.drain(frame: { frames.append($0.frame) }, cue: { cues.append($0) }, event: { events.append($0) })
            usleep(2000)
        }
        let (summaries, statistics) = session.stop()
        session.drain(frame: { frames.append($0.frame) }, cue: { cues.append($0) }, event: { events.append($0) })
        return (frames, cues, events, summaries, statistics)
    }

    static func fastOptions() -> LiveOptions {
        var options = LiveOptions()
        options.paceFastSources = false
        options.realtimePriority = nil
        return options
    }

    @Test("one chain, two sources: the live path's frames equal offline analysis's")
    func parityWithOffline() throws {
        let (signal, rate) = try Self.speech()
        let periods = signal.count / (rate / 100)
        let source = ScriptedCaptureSource(
            signal: signal, sampleRate: rate, script: [.periods(periods)], periodSleepMicroseconds: 200)
        let live = try Self.run(LiveSession(source: source, channelNames: ["agent"], options: Self.fastOptions()))
        let offline = try CallAnalyzer(sampleRate: rate, inputChannelCount: 1, analysedChannels: [0])
        var expected: [ProsodyFrame] = []
        signal.withUnsafeBufferPointer { offline.process(interleaved: $0) { expected.append($1) } }
        offline.finish { expected.append($1) }
        #expect(live.frames.count == periods)
        #expect(live.frames == expected)
        #expect(live.statistics.droppedSamples == 0)
        #expect(live.statistics.hops == periods)
        #expect(live.events == [.endOfStream])
    }

    @Test("overruns and suspends are counted; a device that goes away is reopened and capture resumes")
    func faults() throws {
        let (signal, rate) = try Self.speech()
        let source = ScriptedCaptureSource(
            signal: signal, sampleRate: rate,
            script: [
                .periods(100), .overrun, .periods(50), .suspended, .periods(50), .disconnect(failedReopens: 2),
                .periods(100),
            ], periodSleepMicroseconds: 200)
        let result = try Self.run(LiveSession(source: source, channelNames: ["agent"], options: Self.fastOptions()))
        #expect(result.statistics.overruns == 1)
        #expect(result.statistics.suspends == 1)
        #expect(result.statistics.disconnects == 1)
        #expect(result.statistics.reconnects == 1)
        #expect(source.failedOpens == 2, "two reopen attempts fail before the device is back")
        #expect(result.events == [.disconnected(code: -ENODEV), .reconnected, .endOfStream])
        // Every period delivered before and after the disconnection was analysed.
        #expect(result.frames.count == 300)
        #expect(result.statistics.hops == 300)
    }

    @Test("a stalled consumer: the capture thread never waits; what does not fit is dropped, counted, and analysis resumes")
    func stalledConsumer() throws {
        let (signal, rate) = try Self.speech()
        let periodFrames = rate / 100
        var options = Self.fastOptions()
        options.ringSeconds = 0.1
        options.analysisStartDelaySeconds = 0.5
        let source = ScriptedCaptureSource(
            signal: signal, sampleRate: rate, script: [.periods(800)], periodSleepMicroseconds: 2000)
        let result = try Self.run(LiveSession(source: source, channelNames: ["agent"], options: options))
        let delivered = 800 * periodFrames
        let dropped = result.statistics.droppedSamples
        #expect(dropped > 0)
        // Every sample was either analysed or counted as dropped (a partial hop may remain at the end).
        let analysed = result.statistics.hops * periodFrames
        #expect(analysed + dropped <= delivered && delivered - (analysed + dropped) < periodFrames)
        // Analysis went on after the stall: far more hops than the 0.1 s ring could hold.
        #expect(result.statistics.hops > 100, "hops \(result.statistics.hops)")
    }

    @Test("a stereo source: agent and customer analysed hop by hop")
    func stereoSource() throws {
        let (signal, rate) = try Self.speech()
        let quiet = signal.map { $0 * 0.1 }
        var interleaved = [Float](repeating: 0, count: signal.count * 2)
        for i in signal.indices {
            interleaved[2 * i] = signal[i]
            interleaved[2 * i + 1] = quiet[i]
        }
        let source = ScriptedCaptureSource(
            signal: interleaved, sampleRate: rate, channels: 2, script: [.periods(300)], periodSleepMicroseconds: 200)
        let session = LiveSession(source: source, options: Self.fastOptions())
        let result = try Self.run(session)
        #expect(session.channels.map(\.name) == ["agent", "customer"])
        #expect(result.summaries.count == 2)
        let agent = try #require(result.summaries[0].loudnessIntegratedLUFS)
        let customer = try #require(result.summaries[1].loudnessIntegratedLUFS)
        #expect(abs(agent - customer - 20) < 0.1, "a tenth of the amplitude is 20 dB quieter")
    }

    @Test("a device that does not exist is named, with the devices that do")
    func missingDevice() {
        let session = LiveSession(source: ALSACaptureDevice(name: "no-such-headset"))
        do {
            try session.start()
            Issue.record("opened a device that does not exist")
        } catch {
            guard case .capture(.noSuchDevice(let name, let available)) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(name == "no-such-headset")
            #expect(available.contains("null"), "ALSA always defines the null device: \(available)")
            #expect(error.description.contains("tonecoach devices"))
        }
    }
}
