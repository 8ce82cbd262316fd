import Foundation
import Prosody

/// Watches decoded samples for values a recording should not hold: beyond full scale (a float
/// file of 16-bit values that was never normalised), NaN or infinity. The analysis chain stays
/// finite whatever it is fed (``ProsodyAnalyzer/sampleLimit``); this only tells the user once
/// per file what was wrong, so odd measurements have an explanation.
struct SampleRangeCheck {
    /// The largest finite magnitude seen.
    private(set) var peak: Float = 0
    /// Samples that were NaN or infinite.
    private(set) var nonFiniteCount = 0

    /// Magnitudes up to this count as full scale (float files often peak at exactly 1.0).
    static let fullScale: Float = 1.0001

    mutating func scan(_ samples: UnsafeBufferPointer<Float>) {
        var blockPeak: Float = 0
        var bad = 0
        for sample in samples {
            let magnitude = abs(sample)
            if magnitude.isFinite {
                blockPeak = max(blockPeak, magnitude)
            } else {
                bad += 1
            }
        }
        peak = max(peak, blockPeak)
        nonFiniteCount += bad
    }

    /// One line per problem found, or none.
    var warnings: [String] {
        var lines: [String] = []
        if peak > Self.fullScale {
            let decibels = Int((20 * log10(Double(peak))).rounded())
            let clipped = peak > ProsodyAnalyzer.sampleLimit
                ? "; values beyond +\(Int(20 * log10(Double(ProsodyAnalyzer.sampleLimit)))) dBFS were clipped to it"
                : ""
            lines.append(
                "samples up to +\(decibels) dBFS, beyond full scale: a float file that was not normalised? "
                    + "analysed as written\(clipped)")
        }
        if nonFiniteCount > 0 {
            lines.append(
                "\(nonFiniteCount) sample\(nonFiniteCount == 1 ? " is" : "s are") NaN or infinite (not numbers); "
                    + "analysed as silence")
        }
        return lines
    }
}
