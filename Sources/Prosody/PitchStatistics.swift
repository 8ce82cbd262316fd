import Foundation

/// The speaker's pitch on their own scale: a running median over all voiced speech so far
/// (a tenth-of-a-semitone histogram, bounded memory), each hop's pitch in semitones around
/// it, and the standard deviation in semitones over a sliding window, the basis of the
/// "you sound flat" cue. Whole-channel median and spread come from the same histogram.
public final class PitchStatistics {
    /// Histogram resolution: bins per semitone.
    static let binsPerSemitone = 10
    /// The windowed spread needs at least this much voiced speech in its window: less is a
    /// word or two, whose pitch barely moves however lively the speaker.
    public static let minimumWindowVoicedSeconds = 1.5

    private let minimumHz: Float
    private let binCount: Int
    private let histogram: UnsafeMutablePointer<Int>
    private var voicedCount = 0
    /// The running median's bin, and how many values lie in the bins below it: updated by a
    /// step or two per value instead of a scan of the whole histogram.
    private var medianBin = 0
    private var countBelowMedian = 0
    private var sum = 0.0
    private var sumOfSquares = 0.0

    private let windowHops: Int
    private let minimumWindowVoiced: Int
    private let window: UnsafeMutablePointer<Float>  // semitones above minimumHz, NaN when unvoiced
    private var windowWrite = 0
    private var windowCount = 0
    private var windowSum = 0.0
    private var windowSumOfSquares = 0.0

    /// Prepares statistics for f0 in `minimumHz...maximumHz` with a spread window of `windowSeconds`.
    public init(minimumHz: Float, maximumHz: Float, hopSeconds: Double, windowSeconds: Double) {
        self.minimumHz = minimumHz
        binCount = Int((Float(Self.binsPerSemitone) * 12 * log2f(maximumHz / minimumHz)).rounded(.up)) + 2
        histogram = .allocate(capacity: binCount)
        histogram.initialize(repeating: 0, count: binCount)
        windowHops = max(1, Int((windowSeconds / hopSeconds).rounded()))
        minimumWindowVoiced = max(2, Int((Self.minimumWindowVoicedSeconds / hopSeconds).rounded()))
        window = .allocate(capacity: windowHops)
        window.initialize(repeating: .nan, count: windowHops)
    }

    deinit {
        histogram.deallocate()
        window.deallocate()
    }

    /// Adds one hop (f0 nil when it is not voiced speech); returns the hop's pitch in semitones
    /// around the running median and the windowed spread in semitones. Real-time safe.
    public func add(f0Hz: Float?) -> (semitones: Float?, spread: Float?) {
        var semitones: Float? = nil
        var value = Float.nan
        if let f0 = f0Hz, f0 > 0 {
            value = 12 * log2f(f0 / minimumHz)
            let bin = min(binCount - 1, max(0, Int(value * Float(Self.binsPerSemitone))))
            histogram[bin] += 1
            voicedCount += 1
            if bin < medianBin { countBelowMedian += 1 }
            sum += Double(value)
            sumOfSquares += Double(value) * Double(value)
            let median = medianSemitones()
            storedMedianLog2Hz = log2f(minimumHz) + median / 12
            semitones = value - median
        }
        let old = window[windowWrite]
        if !old.isNaN {
            windowCount -= 1
            windowSum -= Double(old)
            windowSumOfSquares -= Double(old) * Double(old)
        }
        window[windowWrite] = value
        if !value.isNaN {
            windowCount += 1
            windowSum += Double(value)
            windowSumOfSquares += Double(value) * Double(value)
        }
        windowWrite = windowWrite + 1 == windowHops ? 0 : windowWrite + 1
        let spread: Float? =
            windowCount >= minimumWindowVoiced
            ? Float(Self.standardDeviation(sum: windowSum, squares: windowSumOfSquares, count: windowCount))
            : nil
        return (semitones, spread)
    }

    /// Voiced hops added so far.
    public var voicedHops: Int { voicedCount }

    /// log2 of the running median f0, updated with every voiced hop; NaN before any.
    public var medianLog2Hz: Float { storedMedianLog2Hz }
    /// Storage of ``medianLog2Hz``, private so the compiler sees every write and checks no exclusivity at run time.
    private var storedMedianLog2Hz: Float = .nan

    /// Median f0 of all voiced speech so far in Hz, nil before any.
    public var medianHz: Double? {
        voicedCount > 0 ? Double(minimumHz) * exp2(Double(medianSemitones()) / 12) : nil
    }

    /// Standard deviation of all voiced speech so far in semitones, nil before any.
    public var spreadSemitones: Double? {
        voicedCount > 0 ? Self.standardDeviation(sum: sum, squares: sumOfSquares, count: voicedCount) : nil
    }

    /// Clears all state.
    public func reset() {
        histogram.update(repeating: 0, count: binCount)
        window.update(repeating: .nan, count: windowHops)
        voicedCount = 0
        medianBin = 0
        countBelowMedian = 0
        sum = 0
        sumOfSquares = 0
        windowWrite = 0
        windowCount = 0
        windowSum = 0
        windowSumOfSquares = 0
        storedMedianLog2Hz = .nan
    }

    /// The median's bin is the lowest whose cumulative count reaches half the values.
    private func medianSemitones() -> Float {
        let half = (voicedCount + 1) / 2
        while countBelowMedian + histogram[medianBin] < half && medianBin < binCount - 1 {
            countBelowMedian += histogram[medianBin]
            medianBin += 1
        }
        while medianBin > 0 && countBelowMedian >= half {
            medianBin -= 1
            countBelowMedian -= histogram[medianBin]
        }
        return (Float(medianBin) + 0.5) / Float(Self.binsPerSemitone)
    }

    private static func standardDeviation(sum: Double, squares: Double, count: Int) -> Double {
        let n = Double(count)
        let mean = sum / n
        return (max(0, squares / n - mean * mean)).squareRoot()
    }
}
