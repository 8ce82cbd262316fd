import Core
import Prosody
import TestSupport

/// Runs `signal` through a fresh chain in blocks of `block` samples and returns every frame.
func analyse(_ signal: [Float], sampleRate: Int, settings: AnalysisSettings = AnalysisSettings(), block: Int = 1000)
    throws -> (frames: [ProsodyFrame], summary: ChannelSummary, analyzer: ProsodyAnalyzer)
{
    let analyzer = try ProsodyAnalyzer(sampleRate: sampleRate, settings: settings)
    var frames: [ProsodyFrame] = []
    var timing = SpeechTiming(
        hopSeconds: settings.hopSeconds, minimumPauseSeconds: settings.minPauseSeconds,
        offsetLagSeconds: analyzer.speechOffsetLagSeconds)
    signal.withUnsafeBufferPointer { all in
        var start = 0
        while start < all.count {
            let end = min(all.count, start + block)
            analyzer.process(UnsafeBufferPointer(rebasing: all[start..<end])) { frame in
                frames.append(frame)
                timing.add(speech: frame.isSpeech, otherSpeaking: false)
            }
            start = end
        }
    }
    analyzer.finish { frame in
        frames.append(frame)
        timing.add(speech: frame.isSpeech, otherSpeaking: false)
    }
    return (frames, analyzer.summary(timing: timing), analyzer)
}
