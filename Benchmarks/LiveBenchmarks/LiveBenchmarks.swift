import AudioIO
import Benchmark
import Coaching
import Core
import Engine
import Foundation
import Realtime
import TestSupport

/// The capture-to-analysis hand-off: one 10 ms block of 16 kHz mono written and read back.
/// It must not allocate.
func ringBlock() {
    Benchmark(
        "RingBlock10ms",
        configuration: .init(metrics: [.mallocCountTotal, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(2))
    ) { benchmark in
        let ring = makeRing(minimumCapacity: 32768, filler: Float(0))
        var producer = ring.producer
        var consumer = ring.consumer
        let block = [Float](repeating: 0.25, count: 160)
        var out = [Float](repeating: 0, count: 160)
        var moved = 0
        block.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    moved += producer.write(input)
                    moved += consumer.read(into: output)
                }
                benchmark.stopMeasurement()
            }
        }
        blackHole(moved)
    }
}

/// The push-fed call pipeline per 10 ms of a two-sided 8 kHz call (as a contact-centre stream
/// delivers it): samples in, analysis, frames and cues out, with a gap now and then. It must
/// not allocate.
func pipelineCallHop() {
    Benchmark(
        "PipelineCallHop8k",
        configuration: .init(metrics: [.mallocCountTotal, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(3))
    ) { benchmark in
        let pipeline = try! CallPipeline(
            sampleRate: 8000, inputChannelCount: 2,
            channels: [
                CallChannel(inputIndex: 0, name: "agent", role: .agent),
                CallChannel(inputIndex: 1, name: "customer", role: .customer),
            ])
        let voice = Signals.voiced(contour: { _ in 140 }, sampleRate: 8000, seconds: 1, peak: 0.3)
        var block = [Float](repeating: 0, count: 160)
        var frames = 0
        var hop = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for i in 0..<80 {
                let x = voice[(hop * 80 + i) % voice.count]
                block[2 * i] = x
                block[2 * i + 1] = 0.5 * x
            }
            block.withUnsafeBufferPointer { pipeline.write($0, captureNanos: 0) }
            hop += 1
            if hop % 100 == 0 { pipeline.writeGap(frames: 240) }
            pipeline.analyseAvailable()
            pipeline.drain(frame: { _ in frames += 1 }, cue: { _ in frames += 1 }, event: { _ in frames += 1 })
        }
        benchmark.stopMeasurement()
        blackHole(frames)
    }
}

/// The live coach's rules per frame. It must not allocate.
func coachPerFrame() {
    Benchmark(
        "CoachFrame",
        configuration: .init(metrics: [.mallocCountTotal, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(2))
    ) { benchmark in
        var coach = LiveCoach(hopSeconds: 0.01)
        var frame = ProsodyFrame(timeSeconds: 0)
        frame.isSpeech = true
        frame.loudnessMomentaryLUFS = -20
        frame.articulationRateSyllablesPerSecond = 7
        frame.pitchVariabilitySemitones = 2
        var fired = 0
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            frame.timeSeconds = Double(i) * 0.01
            if coach.update(frame, channel: 0) != nil { fired += 1 }
        }
        benchmark.stopMeasurement()
        blackHole(fired)
    }
}

/// Capture-to-frame latency through the real ALSA code path: the `file` plugin (behind a
/// plug, as a USB headset would sit behind one) feeding 8 kHz speech, paced at real time,
/// for 5 s. Reported in microseconds: p50, p99 and maximum over every hop.
func liveLatency() {
    let p50 = BenchmarkMetric.custom("latencyP50us", polarity: .prefersSmaller, useScalingFactor: false)
    let p99 = BenchmarkMetric.custom("latencyP99us", polarity: .prefersSmaller, useScalingFactor: false)
    let maximum = BenchmarkMetric.custom("latencyMaxUs", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark(
        "LiveLatencyFilePlugin",
        configuration: .init(metrics: [p50, p99, maximum], maxDuration: .seconds(30), maxIterations: 1)
    ) { benchmark in
        let device = try! FilePluginDevice(name: "benchfile")
        device.install()
        var options = LiveOptions()
        options.stopAfterSeconds = 5
        let session = LiveSession(source: ALSACaptureDevice(name: device.name), options: options)
        benchmark.startMeasurement()
        try! session.start()
        while session.isRunning {
            session.drain(frame: { _ in }, cue: { _ in }, event: { _ in })
            usleep(20_000)
        }
        let (_, statistics) = session.stop()
        benchmark.stopMeasurement()
        benchmark.measurement(p50, Int((statistics.latencyP50Milliseconds ?? -1) * 1000))
        benchmark.measurement(p99, Int((statistics.latencyP99Milliseconds ?? -1) * 1000))
        benchmark.measurement(maximum, Int((statistics.latencyMaxMilliseconds ?? -1) * 1000))
    }
}

/// The live coach on a two-sided call, per hop (agent and customer frames). It must not allocate.
func coachPerCallHop() {
    Benchmark(
        "CoachCallHop",
        configuration: .init(metrics: [.mallocCountTotal, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(2))
    ) { benchmark in
        var coach = LiveCoach(hopSeconds: 0.01)
        var agent = ProsodyFrame(timeSeconds: 0)
        agent.loudnessMomentaryLUFS = -20
        agent.articulationRateSyllablesPerSecond = 5
        agent.f0Hz = 120
        var customer = agent
        customer.f0Hz = 210
        var fired = 0
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            agent.timeSeconds = Double(i) * 0.01
            agent.isSpeech = i % 800 < 400
            customer.isSpeech = !agent.isSpeech
            if coach.update(agent: agent, agentChannel: 0, customer: customer, customerChannel: 1) != nil { fired += 1 }
        }
        benchmark.stopMeasurement()
        blackHole(fired)
    }
}

let benchmarks: @Sendable () -> Void = {
    ringBlock()
    coachPerFrame()
    coachPerCallHop()
    pipelineCallHop()
    liveLatency()
}
