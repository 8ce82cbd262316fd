import Benchmark
import CSndFile
import Core
import Engine
import Foundation
import Prosody
import TestSupport

/// The chain's cost per 10 ms hop at `sampleRate`, after a two-second warm-up; it must not allocate.
func chainPerHop(sampleRate: Int) {
    Benchmark(
        "ChainHop\(sampleRate / 1000)k",
        configuration: .init(
            metrics: [.mallocCountTotal, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(3))
    ) { benchmark in
        let analyzer = try! ProsodyAnalyzer(sampleRate: sampleRate)
        let signal = Signals.speechLike(sampleRate: sampleRate, seconds: 2)
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
            "speech.wav", samples: Signals.speechLike(sampleRate: 16000, seconds: seconds), sampleRate: 16000, channels: 1,
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

/// One stage of the chain per 10 ms hop at 16 kHz, after warm-up. None may allocate.
func stagesPerHop() {
    let rate = 16000
    let configuration = Benchmark.Configuration(
        metrics: [.mallocCountTotal, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(2))
    let signal = Signals.speechLike(sampleRate: rate, seconds: 2)
    let settings = AnalysisSettings()
    let hop = settings.hopSamples(sampleRate: rate)

    Benchmark("FFTFloor16k", configuration: configuration) { benchmark in
        let tracker = try! PitchTracker(sampleRate: rate, settings: settings)
        let fft = RealFFT(size: tracker.fftSize)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            fft.forward()
            fft.inverse()
        }
        benchmark.stopMeasurement()
    }
    Benchmark("PitchHop16k", configuration: configuration) { benchmark in
        let tracker = try! PitchTracker(sampleRate: rate, settings: settings)
        let frames = (signal.count - tracker.frameLength) / hop
        var sink: Float = 0
        signal.withUnsafeBufferPointer { all in
            for i in 0..<frames { sink += tracker.process(all.baseAddress! + i * hop).clarity }  // warm-up
            var i = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                sink += tracker.process(all.baseAddress! + i * hop).clarity
                i = i + 1 == frames ? 0 : i + 1
            }
            benchmark.stopMeasurement()
        }
        blackHole(sink)
    }
    Benchmark("LoudnessHop16k", configuration: configuration) { benchmark in
        let meter = LoudnessMeter(sampleRate: rate, hopSamples: hop)
        let hops = signal.count / hop
        var sink: Float = 0
        signal.withUnsafeBufferPointer { all in
            for i in 0..<hops {
                meter.add(UnsafeBufferPointer(rebasing: all[(i * hop)..<((i + 1) * hop)]))
                sink += meter.endHop().momentary ?? 0
            }
            var i = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                meter.add(UnsafeBufferPointer(rebasing: all[(i * hop)..<((i + 1) * hop)]))
                sink += meter.endHop().momentary ?? 0
                i = i + 1 == hops ? 0 : i + 1
            }
            benchmark.stopMeasurement()
        }
        blackHole(sink)
    }
    Benchmark("VoiceActivityHop16k", configuration: configuration) { benchmark in
        let detector = VoiceActivityDetector(hopSeconds: 0.01)
        var generator = SplitMix64(seed: 3)
        let bands = (0..<1000).map { _ in
            SIMD4<Float>(repeating: Float(generator.next() % 1000) * 1e-6 + 1e-5)
        }
        var speech = 0
        var i = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            if detector.process(bandMeanSquares: bands[i], periodic: i % 3 == 0) { speech += 1 }
            i = i + 1 == bands.count ? 0 : i + 1
        }
        benchmark.stopMeasurement()
        blackHole(speech)
    }
    Benchmark("PaceHop16k", configuration: configuration) { benchmark in
        let pace = PaceTracker(hopSeconds: 0.01, windowSeconds: 10)
        var nuclei = 0
        var i = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            // A syllable-like intensity contour: 4 Hz between -40 and -20 dBFS.
            let intensity = -30 + 10 * sin(Float(i) * 0.2513)
            if pace.process(intensityDB: intensity, floorDB: -60, voiced: true, speech: true).nucleus { nuclei += 1 }
            i += 1
        }
        benchmark.stopMeasurement()
        blackHole(nuclei)
    }
}

let benchmarks: @Sendable () -> Void = {
    for rate in [8000, 16000, 48000] { chainPerHop(sampleRate: rate) }
    stagesPerHop()
    offlineAnalysis()
}
