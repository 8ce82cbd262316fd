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

    /// A scripted source at full speed: 50 times real time or more, faster than a debug build
    /// sharing two cores with other tests may analyse. The ring holds the whole test signal, so
    /// only the overflow test (which shrinks it) ever drops audio.
    static func fastOptions() -> LiveOptions {
        var options = LiveOptions()
        options.ringSeconds = 30
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

    @Test("faults: overruns, suspends and an unplugged device are counted, the device is reopened, and lost audio becomes a gap of call time")
    func faults() throws {
        let (signal, rate) = try Self.speech()
        let period = rate / 100
        let source = ScriptedCaptureSource(
            signal: signal, sampleRate: rate,
            script: [
                .periods(100), .overrun(lostFrames: 5 * period), .periods(50), .suspended, .periods(50),
                .disconnect(failedReopens: 2, lostFrames: 100 * period), .periods(100),
            ], periodSleepMicroseconds: 200)
        let result = try Self.run(LiveSession(source: source, channelNames: ["agent"], options: Self.fastOptions()))
        #expect(result.statistics.overruns == 1)
        #expect(result.statistics.suspends == 1)
        #expect(result.statistics.disconnects == 1)
        #expect(result.statistics.reconnects == 1)
        #expect(source.failedOpens == 2, "two reopen attempts fail before the device is back")
        #expect(result.events == [.disconnected(code: -ENODEV), .reconnected, .endOfStream])
        // The device's clock says 5 and then 100 periods were lost: two gaps, 1.05 s of call time.
        #expect(result.statistics.gaps == 2)
        #expect(abs(result.statistics.gapSeconds - 1.05) < 1e-9)
        #expect(result.statistics.hops == 405, "call time runs on through the gaps")
        // What is shown: every delivered period, at its call time, as offline analysis of the
        // call with silence where audio was lost would give it; nothing from inside a gap.
        let gaps = [100 * period..<105 * period, 205 * period..<305 * period]
        var call = Array(signal[0..<405 * period])
        for gap in gaps { for i in gap { call[i] = 0 } }
        let offline = try CallAnalyzer(sampleRate: rate, inputChannelCount: 1, analysedChannels: [0])
        var expected: [ProsodyFrame] = []
        call.withUnsafeBufferPointer { offline.process(interleaved: $0) { expected.append($1) } }
        offline.finish { expected.append($1) }
        let shown = expected.enumerated().filter { hop, _ in
            let instant = (hop + 1) * period
            return !gaps.contains { $0.contains(instant) }
        }.map(\.element)
        #expect(result.frames.count == 300)
        #expect(result.frames == shown)
        #expect(abs(try #require(result.frames.last).timeSeconds - 4.05) < 1e-9)
    }

    @Test("a stalled consumer: the capture thread never waits; what does not fit is dropped, counted, turned into a gap, and analysis resumes")
    func stalledConsumer() throws {
        let (signal, rate) = try Self.speech()
        let periodFrames = rate / 100
        var options = Self.fastOptions()
        options.ringSeconds = 0.1
        options.analysisStartDelaySeconds = 0.5
        let source = ScriptedCaptureSource(
            signal: signal, sampleRate: rate, script: [.periods(800)], periodSleepMicroseconds: 2000)
        let result = try Self.run(LiveSession(source: source, channelNames: ["agent"], options: options))
        let dropped = result.statistics.droppedSamples
        #expect(dropped > 0)
        #expect(result.statistics.gaps > 0)
        #expect(abs(result.statistics.gapSeconds - Double(dropped) / Double(rate)) < 1e-9, "every dropped sample is call time")
        // Call time is kept: 8 s of capture is 800 hops, and the last frame is at 8.00 s.
        #expect(result.statistics.hops == 800)
        #expect(abs(try #require(result.frames.last).timeSeconds - 8.0) < 1e-9)
        #expect(zip(result.frames, result.frames.dropFirst()).allSatisfy { $0.timeSeconds < $1.timeSeconds })
        // Analysis went on after the stall: far more frames shown than the 0.1 s ring could hold.
        #expect(result.frames.count > 100, "frames \(result.frames.count)")
        #expect(result.frames.count < 800 - dropped / periodFrames + 1, "frames from inside a gap are not shown")
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
