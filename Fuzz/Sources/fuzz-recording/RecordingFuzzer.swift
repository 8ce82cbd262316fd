import Core
import Engine
import Foundation
import FuzzDriver

/// libFuzzer: the input is a recording file. It is written to a scratch file (ToneCoach
/// reads recordings by path, through libsndfile) and analysed whole, as `tonecoach analyze`
/// would. A refusal is a correct answer; a crash, a hang or a frame that breaks the contract
/// below is a finding.
@main
enum RecordingFuzzer {
    static func main() {
        FuzzDriver.run { data, size in recordingFuzzer(data, size) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func recordingFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = scratchPath
    guard let file = fopen(path, "wb") else { fatalError("cannot write the scratch file \(path)") }
    if size > 0, let data { _ = fwrite(data, 1, size, file) }
    fclose(file)
    defer { unlink(path) }
    do {
        let analysis = try OfflineAnalysis(path: path)
        let nyquist = Float(analysis.reader.sampleRate) / 2
        let hopSeconds = AnalysisSettings().hopSeconds
        var lastTime = [Double](repeating: -.infinity, count: analysis.channels.count)
        let summaries = try analysis.run(onFrame: { position, frame in
            // Every frame: on a rising clock, finite, and a pitch under the Nyquist frequency.
            // (Not inside the range searched: refining a period may move it a few samples, past
            // the ceiling at a low sample rate, and that measures better on real voices.)
            precondition(frame.timeSeconds.isFinite && frame.timeSeconds > lastTime[position], "frame time")
            lastTime[position] = frame.timeSeconds
            precondition(frame.levelDBFS.isFinite && frame.levelDBFS >= LevelFloor.decibels, "level \(frame.levelDBFS)")
            precondition(frame.voicingClarity.isFinite, "clarity")
            if let f0 = frame.f0Hz {
                precondition(f0.isFinite && f0 > 0 && f0 < nyquist, "f0 \(f0) Hz")
            }
            for value in [
                frame.loudnessMomentaryLUFS, frame.loudnessShortTermLUFS, frame.pitchSemitones,
                frame.pitchVariabilitySemitones, frame.articulationRateSyllablesPerSecond,
            ] {
                if let value { precondition(value.isFinite, "a frame field is \(value)") }
            }
        })
        for summary in summaries {
            // Speech is counted in whole hops (the last one padded with silence): at most one hop over.
            precondition(summary.durationSeconds.isFinite && summary.speechSeconds <= summary.durationSeconds + hopSeconds + 1e-9)
            for value in [
                summary.loudnessIntegratedLUFS, summary.articulationRateSyllablesPerSecond, summary.pitchMedianHz,
                summary.pitchStdSemitones, summary.pauseMeanSeconds, summary.speechRateSyllablesPerSecond,
            ] {
                if let value { precondition(value.isFinite, "a summary field is \(value)") }
            }
        }
    } catch {
        // A refusal must say why, in words.
        precondition(!String(describing: error).isEmpty, "an empty refusal")
    }
    return 0
}

/// One scratch file per fuzzing process, in the temporary directory.
private let scratchPath = FileManager.default.temporaryDirectory
    .appendingPathComponent("tonecoach-fuzz-\(getpid()).wav").path
