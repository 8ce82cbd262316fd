import Benchmark
import CSndFile
import Core
import Engine
import Foundation
import Prosody
import TestSupport

/// Speech-like input: a voiced signal with intonation, in 250 ms syllables with 100 ms gaps.
func speechLike(sampleRate: Int, seconds: Double) -> [Float] {
    let voice = Signals.voiced(
        contour: { t in 140 + 40 * sin(2 * .pi * 0.8 * t) }, sampleRate: sampleRate, seconds: seconds, peak: 0.4)
    return voice.enumerated().map { i, x in
        (Double(i) / Double(sampleRate)).truncatingRemainder(dividingBy: 0.35) < 0.25 ? x : x * 0.01
    }
}

/// The chain's cost per 10 ms hop at `sampleRate`, after a two-second warm-up; it must not allocate.
func chainPerHop(sampleRate: Int) {
    Benchmark(
        "ChainHop\(sampleRate / 1000)k",
        configuration: .init(
            metrics: [.mallocCountTotal, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(3))
    ) { benchmark in
        let analyzer = try! ProsodyAnalyzer(sampleRate: sampleRate)
        let signal = speechLike(sampleRate: sampleRate, seconds: 2)
        let hop = analyzer.hopSamples
        var sink = 0.0
        signal.withUnsafeBufferPointer { all in
            analyzer.process(all) { sink += Double($0.levelDBFS) }  // warm-up: every window full
            let hops = all.count / hop
            var index = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                analyzer.process(UnsafeBufferPointer(rebasing: all[(index * hop)..<((index + 1) * hop)])) { frame in
                    sink += Double(frame.f0Hz ?? 0)
                }
                index = index + 1 == hops ? 0 : index + 1
            }
            benchmark.stopMeasurement()
        }
        blackHole(sink)
    }
}

/// Offline analysis of a 60 s, 16 kHz mono recording, file decoding included.
/// The custom metric reports the real-time factor (seconds of audio per second of work).
func offlineAnalysis() {
    let seconds = 60.0
    let realTimeFactor = BenchmarkMetric.custom("realTimeFactor", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark(
        "OfflineAnalyze60s16k",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .peakMemoryResident, realTimeFactor], maxDuration: .seconds(5),
            maxIterations: 30)
    ) { benchmark in
        let files = try! TestFiles()
        let path = files.write(
            "speech.wav", samples: speechLike(sampleRate: 16000, seconds: seconds), sampleRate: 16000, channels: 1,
            format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
        var syllables = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let start = ContinuousClock.now
            let analysis = try! OfflineAnalysis(path: path)
            let summaries = try! analysis.run { _, _ in }
            let elapsed = ContinuousClock.now - start
            syllables += summaries[0].syllables
            let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(realTimeFactor, Int(seconds / elapsedSeconds))
        }
        benchmark.stopMeasurement()
        blackHole(syllables)
    }
}

let benchmarks: @Sendable () -> Void = {
    for rate in [8000, 16000, 48000] { chainPerHop(sampleRate: rate) }
    offlineAnalysis()
}
