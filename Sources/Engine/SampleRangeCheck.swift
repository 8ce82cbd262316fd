import Foundation
import Prosody

/// Watches decoded samples for values a recording should not hold: beyond full scale (a float
/// file of 16-bit values that was never normalised), infinity (a float64 value too large for
/// single precision) or NaN. The analysis chain stays finite whatever it is fed
/// (``ProsodyAnalyzer/sampleLimit``); this only tells the user once per file what was wrong,
/// so odd measurements have an explanation.
struct SampleRangeCheck {
    /// The largest finite magnitude seen.
    private(set) var peak: Float = 0
    /// Samples that were infinite.
    private(set) var infiniteCount = 0
    /// Samples that were NaN.
    private(set) var nanCount = 0

    /// Magnitudes up to this count as full scale (float files often peak at exactly 1.0).
    static let fullScale: Float = 1.0001

    mutating func scan(_ samples: UnsafeBufferPointer<Float>) {
        var blockPeak: Float = 0
        var infinite = 0
        var nan = 0
        for sample in samples {
            let magnitude = abs(sample)
            if magnitude.isFinite {
                blockPeak = max(blockPeak, magnitude)
            } else if magnitude.isNaN {
                nan += 1
            } else {
                infinite += 1
            }
        }
        peak = max(peak, blockPeak)
        infiniteCount += infinite
        nanCount += nan
    }

    /// One line per problem found, or none.
    var warnings: [String] {
        var lines: [String] = []
        let limitDecibels = Int(20 * log10(Double(ProsodyAnalyzer.sampleLimit)))
        if peak > Self.fullScale || infiniteCount > 0 {
            // Decibels only of a finite peak over full scale: where every finite sample is 0 (a
            // file of silence and infinities) there is none.
            let range = infiniteCount > 0
                ? "samples beyond the range of a 32-bit float (\(infiniteCount) read as infinite)"
                : "samples up to +\(Int((20 * log10(Double(peak))).rounded())) dBFS"
            let clipped = peak > ProsodyAnalyzer.sampleLimit || infiniteCount > 0
                ? "; values beyond +\(limitDecibels) dBFS were clipped to it" : ""
            lines.append(
                "\(range), beyond full scale: a float file that was not normalised? analysed as written\(clipped)")
        }
        if nanCount > 0 {
            lines.append(
                "\(nanCount) sample\(nanCount == 1 ? " is" : "s are") NaN (not a number); analysed as silence")
        }
        return lines
    }
}
