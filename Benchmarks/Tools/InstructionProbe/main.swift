// instruction-probe: a fixed, deterministic workload for valgrind's callgrind, which counts
// instructions exactly (the same count on every run, whatever else the machine is doing).
//
//   instruction-probe chain RATE HOPS   the whole chain, HOPS hops after a 2 s warm-up
//   instruction-probe fft RATE HOPS     one forward + inverse FFT of the pitch size, HOPS times
//   instruction-probe coach 0 HOPS      the live coach on the agent alone, HOPS frames
//   instruction-probe call 0 HOPS       the live coach on a two-sided call, HOPS hops
//
// Benchmarks/instructions.py runs each twice with different HOPS and takes the difference,
// so start-up and warm-up cancel out and what is left is the cost per hop.
import Coaching
import Core
import Foundation
import Prosody
import TestSupport

let arguments = CommandLine.arguments
guard arguments.count == 4, let rate = Int(arguments[2]), let hops = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: instruction-probe chain|fft|coach|call RATE HOPS\n".utf8))
    exit(64)
}
let settings = AnalysisSettings()
var sink = 0.0

switch arguments[1] {
case "chain":
    let analyzer = try ProsodyAnalyzer(sampleRate: rate, settings: settings)
    let signal = Signals.speechLike(sampleRate: rate, seconds: 4)
    let hop = analyzer.hopSamples
    let available = signal.count / hop
    signal.withUnsafeBufferPointer { all in
        analyzer.process(UnsafeBufferPointer(rebasing: all[0..<(200 * hop)])) { sink += Double($0.levelDBFS) }
        var index = 200
        for _ in 0..<hops {
            analyzer.process(UnsafeBufferPointer(rebasing: all[(index * hop)..<((index + 1) * hop)])) {
                sink += Double($0.f0Hz ?? 0)
            }
            index = index + 1 == available ? 200 : index + 1
        }
    }
case "fft":
    let tracker = try PitchTracker(sampleRate: rate, settings: settings)
    let fft = RealFFT(size: tracker.fftSize)
    for i in 0..<fft.size { fft.time[i] = Float(i % 17) }
    for _ in 0..<hops {
        fft.forward()
        fft.inverse()
        sink += Double(fft.time[1])
    }
case "coach":
    var coach = LiveCoach(hopSeconds: 0.01)
    var frame = ProsodyFrame(timeSeconds: 0)
    frame.isSpeech = true
    frame.loudnessMomentaryLUFS = -20
    frame.articulationRateSyllablesPerSecond = 7
    frame.pitchVariabilitySemitones = 2
    for i in 0..<hops {
        frame.timeSeconds = Double(i) * 0.01
        if coach.update(frame, channel: 0) != nil { sink += 1 }
    }
case "call":
    var coach = LiveCoach(hopSeconds: 0.01)
    var agent = ProsodyFrame(timeSeconds: 0)
    agent.loudnessMomentaryLUFS = -20
    agent.articulationRateSyllablesPerSecond = 5
    agent.pitchVariabilitySemitones = 2
    agent.f0Hz = 120
    var customer = agent
    customer.f0Hz = 210
    for i in 0..<hops {
        // Alternating 4 s turns, so every conversation rule has work to do.
        agent.timeSeconds = Double(i) * 0.01
        customer.timeSeconds = agent.timeSeconds
        agent.isSpeech = i % 800 < 400
        customer.isSpeech = !agent.isSpeech
        if coach.update(agent: agent, agentChannel: 0, customer: customer, customerChannel: 1) != nil { sink += 1 }
    }
default:
    FileHandle.standardError.write(Data("unknown workload '\(arguments[1])'\n".utf8))
    exit(64)
}
print(sink.isFinite ? "ok" : "not finite")
