// bench-report: ToneCoach's speed as ratios measured in one run on this machine, printed as
// the table README keeps. Seconds vary from machine to machine and moment to moment; ratios
// taken in the same run much less so.
//
//   chain / FFT floor   whole chain per hop ÷ one FFTW forward + inverse of the pitch FFT size
//   real-time factor    seconds of 16 kHz mono audio analysed per second, file decoding included
//   streams per core    live 8 kHz streams one core sustains: many chains fed round-robin
//
// Run it in release mode: make bench-report.
import CSndFile
import Core
import Engine
import Foundation
import Prosody
import TestSupport

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// The median of `runs` timings of `body`, in seconds.
func median(runs: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        body()
        times.append(seconds(ContinuousClock.now - start))
    }
    return times.sorted()[runs / 2]
}

var sink = 0.0
let settings = AnalysisSettings()
print("| sample rate | FFT size | FFTW forward+inverse | whole chain per hop | chain ÷ FFT floor |")
print("|---|---|---|---|---|")
for rate in [8000, 16000, 48000] {
    let hops = 2000
    let tracker = try PitchTracker(sampleRate: rate, settings: settings)
    let fft = RealFFT(size: tracker.fftSize)
    for i in 0..<fft.size { fft.time[i] = Float(i % 17) }
    let fftSeconds = median(runs: 7) {
        for _ in 0..<hops {
            fft.forward()
            fft.inverse()
        }
    } / Double(hops)
    let analyzer = try ProsodyAnalyzer(sampleRate: rate, settings: settings)
    let signal = Signals.speechLike(sampleRate: rate, seconds: 6)
    let hop = analyzer.hopSamples
    signal.withUnsafeBufferPointer { analyzer.process($0) { sink += Double($0.levelDBFS) } }  // warm-up
    let chainSeconds = median(runs: 7) {
        signal.withUnsafeBufferPointer { all in
            analyzer.process(UnsafeBufferPointer(rebasing: all[0..<(hops / 4 * hop)])) { sink += Double($0.f0Hz ?? 0) }
        }
    } / Double(hops / 4)
    print(
        "| \(rate / 1000) kHz | \(fft.size) | \(String(format: "%.2f", fftSeconds * 1e6)) µs | "
            + "\(String(format: "%.2f", chainSeconds * 1e6)) µs | **\(String(format: "%.2f", chainSeconds / fftSeconds))** |")
}

// Offline: a 60 s 16 kHz mono WAV, opened and analysed end to end.
let files = try TestFiles()
let path = files.write(
    "speech.wav", samples: Signals.speechLike(sampleRate: 16000, seconds: 60), sampleRate: 16000, channels: 1,
    format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
let offlineSeconds = median(runs: 5) {
    let analysis = try! OfflineAnalysis(path: path)
    sink += Double(try! analysis.run { _, _ in }[0].syllables)
}
print("")
print("Offline analysis, 60 s of 16 kHz mono speech-like audio from a WAV file (decoding included): "
    + "\(String(format: "%.1f", offlineSeconds * 1000)) ms, **\(Int(60 / offlineSeconds))× real time** on one core.")

// Live streams per core: 500 independent 8 kHz chains fed one hop each in turn.
let streams = 500
let streamSignal = Signals.speechLike(sampleRate: 8000, seconds: 3)
var chains: [ProsodyAnalyzer] = []
for _ in 0..<streams { chains.append(try ProsodyAnalyzer(sampleRate: 8000, settings: settings)) }
let streamHop = chains[0].hopSamples
let roundRobinHops = 200
let roundRobinSeconds = streamSignal.withUnsafeBufferPointer { all in
    median(runs: 3) {
        for h in 0..<roundRobinHops {
            let slice = UnsafeBufferPointer(rebasing: all[(h * streamHop)..<((h + 1) * streamHop)])
            for chain in chains { chain.process(slice) { sink += Double($0.levelDBFS) } }
        }
    }
}
let perStreamHop = roundRobinSeconds / Double(streams * roundRobinHops)
print("Live 8 kHz streams per core (\(streams) chains fed round-robin, 10 ms hops): "
    + "\(String(format: "%.2f", perStreamHop * 1e6)) µs per stream-hop, **\(Int(0.010 / perStreamHop)) streams**.")
if sink.isNaN { print("") }
