import CSndFile
import Core
import Engine
import Foundation
import TestSupport
import Testing

@Suite("Call pipeline")
struct CallPipelineTests {
    static let agentCustomer = [
        CallChannel(inputIndex: 0, name: "agent", role: .agent),
        CallChannel(inputIndex: 1, name: "customer", role: .customer),
    ]

    /// Feeds `interleaved` in uneven pushes (as a network stream would), with a gap of
    /// `gapFrames` after `gapAfterFrames`, analysing after every push; returns what came out.
    static func feed(
        _ pipeline: CallPipeline, _ interleaved: [Float], gapAfterFrames: Int? = nil, gapFrames: Int = 0
    ) -> (frames: [ChannelFrame], cues: [Cue], events: [ConversationEvent]) {
        var frames: [ChannelFrame] = []
        var cues: [Cue] = []
        var events: [ConversationEvent] = []
        func drain() { pipeline.drain(frame: { frames.append($0) }, cue: { cues.append($0) }, event: { events.append($0) }) }
        let channels = pipeline.inputChannelCount
        let pushes = [160, 333, 7, 1000, 241]
        var start = 0
        var push = 0
        interleaved.withUnsafeBufferPointer { all in
            while start < interleaved.count / channels {
                var count = min(pushes[push % pushes.count], interleaved.count / channels - start)
                if let gapAt = gapAfterFrames, start < gapAt { count = min(count, gapAt - start) }
                pipeline.write(UnsafeBufferPointer(rebasing: all[start * channels..<(start + count) * channels]))
                start += count
                push += 1
                if start == gapAfterFrames { pipeline.writeGap(frames: gapFrames) }
                pipeline.analyseAvailable()
                drain()
            }
        }
        pipeline.endInput()
        pipeline.finish()
        drain()
        return (frames, cues, events)
    }

    @Test("fed directly, in uneven pushes: the same frames, cues and conversation events as offline analysis")
    func parityWithOffline() throws {
        // The example call, seven seconds of dead air, and the example call again.
        let (channels, rate) = try Fixtures.load("example-call.wav")
        let once = CallAnalyzerTests.interleave(channels[0], channels[1])
        let interleaved = once + [Float](repeating: 0, count: 7 * rate * 2) + once
        let files = try TestFiles()
        let path = files.write("call.wav", samples: interleaved, sampleRate: rate, channels: 2, format: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT))
        let pipeline = try CallPipeline(sampleRate: rate, inputChannelCount: 2, channels: Self.agentCustomer)
        let fed = Self.feed(pipeline, interleaved)

        let offline = try OfflineAnalysis(path: path)
        var frames: [ChannelFrame] = []
        var cues: [Cue] = []
        var events: [ConversationEvent] = []
        let summaries = try offline.run(
            onFrame: { frames.append(ChannelFrame(position: $0, frame: $1)) }, onCue: { cues.append($0) },
            onEvent: { events.append($0) })
        #expect(fed.frames.count == frames.count)
        #expect(fed.frames == frames)
        #expect(fed.cues == cues)
        #expect(!events.isEmpty, "the example call has conversation events to compare")
        #expect(fed.events == events)
        #expect(pipeline.summaries() == summaries)
        #expect(pipeline.isFinished)
        #expect(pipeline.counters.gaps.load(ordering: .relaxed) == 0)
    }

    @Test("a gap of N samples moves every later frame by N samples of call time; frames inside it are not shown")
    func gapShiftsCallTime() throws {
        let (channels, rate) = try Fixtures.load("pace-120wpm.wav")
        let signal = channels[0]
        let hop = rate / 100
        let cut = 150 * hop + 37  // mid-hop, mid-speech
        let gap = 70 * hop  // whole hops, so frames after the gap fall on the first call's grid
        let mono = [CallChannel(inputIndex: 0, name: "agent", role: .agent)]

        let plain = Self.feed(try CallPipeline(sampleRate: rate, inputChannelCount: 1, channels: mono), signal)
        let pipeline = try CallPipeline(sampleRate: rate, inputChannelCount: 1, channels: mono)
        let gapped = Self.feed(pipeline, signal, gapAfterFrames: cut, gapFrames: gap)

        #expect(pipeline.counters.gaps.load(ordering: .relaxed) == 1)
        #expect(pipeline.counters.gapFrames.load(ordering: .relaxed) == gap)
        // Nothing from inside the gap is shown.
        let gapStart = Double(cut) / Double(rate)
        let gapEnd = Double(cut + gap) / Double(rate)
        #expect(!gapped.frames.contains { $0.frame.timeSeconds >= gapStart && $0.frame.timeSeconds < gapEnd })
        // Before the gap, frames are the plain call's, up to those whose look-ahead reached into it.
        let before = gapped.frames.filter { $0.frame.timeSeconds < gapStart - pipeline.delaySeconds - 0.05 }
        #expect(before == Array(plain.frames.prefix(before.count)))
        // After it, each hop's level is that of the plain call's hop N samples earlier: the same
        // audio, at its call time. (Level depends on the hop's own samples only.)
        let plainLevel = Dictionary(
            uniqueKeysWithValues: plain.frames.map { (Int(($0.frame.timeSeconds * Double(rate)).rounded()), $0.frame.levelDBFS) })
        let after = gapped.frames.filter { $0.frame.timeSeconds >= gapEnd + 0.02 }
        #expect(after.count > 100)
        for frame in after {
            let instant = Int((frame.frame.timeSeconds * Double(rate)).rounded())
            #expect(plainLevel[instant - gap] == frame.frame.levelDBFS, "frame at \(frame.frame.timeSeconds) s")
        }
        // The call is N samples longer; the summary counts the gap as call time.
        let plainLast = try #require(plain.frames.last).frame.timeSeconds
        #expect(abs(try #require(gapped.frames.last).frame.timeSeconds - plainLast - Double(gap) / Double(rate)) < 1e-9)
    }

    @Test("audio that does not fit the ring is dropped, counted, and kept as call time")
    func fullRingBecomesGap() throws {
        let rate = 16000
        let pipeline = try CallPipeline(
            sampleRate: rate, inputChannelCount: 1, channels: [CallChannel(inputIndex: 0, name: "agent", role: .agent)],
            ringSeconds: 0.1)
        let second = [Float](repeating: 0.01, count: rate)
        var taken = 0
        second.withUnsafeBufferPointer { taken = pipeline.write($0) }
        #expect(taken > 0 && taken < rate, "the ring holds part of the second")
        #expect(pipeline.counters.droppedSamples.load(ordering: .relaxed) == rate - taken)
        #expect(pipeline.counters.gapFrames.load(ordering: .relaxed) == rate - taken)
        pipeline.endInput()
        pipeline.finish()
        var last = 0.0
        pipeline.drain(frame: { last = $0.frame.timeSeconds }, cue: { _ in })
        #expect(abs(last - 1.0) < 1e-9, "the last hop of the second is at 1.00 s of call time")
        #expect(pipeline.summaries()[0].durationSeconds == 1.0)
    }

    @Test("roles: named channels keep their role; a lone channel is the agent; of two, the other of the agent is the customer")
    func roles() {
        #expect(ChannelRole.assign(names: ["mono"]) == [.agent])
        #expect(ChannelRole.assign(names: ["agent", "customer"]) == [.agent, .customer])
        #expect(ChannelRole.assign(names: ["customer", "agent"]) == [.customer, .agent])
        #expect(ChannelRole.assign(names: ["agent", "caller"]) == [.agent, .customer])
        #expect(ChannelRole.assign(names: ["left", "right"]) == [nil, nil])
        #expect(ChannelRole.assign(names: ["agent", "agent"]) == [.agent, .customer], "one agent; the other is the customer")
        #expect(CallChannel.selecting(names: [nil, "agent"]) == [CallChannel(inputIndex: 1, name: "agent", role: .agent)])
    }
}
