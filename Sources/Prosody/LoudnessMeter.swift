import Core
import Foundation

/// Loudness of one channel per ITU-R BS.1770-4 and EBU R128: momentary (400 ms) and
/// short-term (3 s) loudness every hop, and gated integrated loudness over the whole stream
/// in bounded memory.
///
/// A call channel is one voice and is measured as one channel (weight 1.0), as libebur128,
/// ffmpeg's `ebur128` filter and pyloudnorm measure a mono file: a 1 kHz sine at −20 dBFS
/// reads −23.0 LUFS (BS.1770-4 §2.7: −0.691 + 10 log10 of the K-weighted mean square, whose
/// gain at 1 kHz is +0.691 dB). ``dualMonoWeight`` (+3.01 dB, mono material heard on both
/// ears) is there for a caller that asks for it, never the default.
public final class LoudnessMeter {
    /// Absolute gate of BS.1770-4 §2.8: blocks below −70 LUFS are ignored.
    public static let absoluteGateLUFS = -70.0
    /// Relative gate: blocks more than 10 LU below the absolute-gated level are ignored.
    public static let relativeGateLU = -10.0
    /// Channel weight of one channel (BS.1770-4 Table 3: left, right and centre weigh 1.0).
    public static let singleChannelWeight = 1.0
    /// Channel weight for mono material measured as dual mono (EBU Tech 3344 §2.3): +3.01 dB.
    public static let dualMonoWeight = 2.0
    /// Resolution of the gating histogram in LU; only which side of the gate a block falls on
    /// is quantised, the energies themselves are summed exactly.
    static let histogramStepLU = 0.01
    static let histogramTopLUFS = 10.0

    private var filter: KWeightingFilter
    private let channelWeight: Double
    private let hopSamples: Int
    private let subblockSamples: Int

    // Per-hop K-weighted energy sums, in a ring long enough for the 3 s short-term window.
    private let hopEnergy: UnsafeMutablePointer<Double>
    private let momentaryHops: Int
    private let shortTermHops: Int
    private var hopWrite = 0
    private var hopsSeen = 0
    // Running sums over the two windows: each hop adds the new energy and removes the one leaving.
    private var momentarySum = 0.0
    private var shortTermSum = 0.0
    private var currentHop = 0.0

    // 100 ms sub-blocks: four make one 400 ms gating block, overlapping by 75 %.
    private var subblocks: (Double, Double, Double, Double) = (0, 0, 0, 0)
    private var subblocksSeen = 0
    private var currentSubblock = 0.0
    private var subblockFill = 0

    // Gating histogram: per bin, the count and energy sum of the blocks that fell in it.
    private let binCount: Int
    private let binEnergy: UnsafeMutablePointer<Double>
    private let binBlocks: UnsafeMutablePointer<Int>

    /// Prepares a meter for `sampleRate` that reports every `hopSamples` samples.
    public init(sampleRate: Int, hopSamples: Int, channelWeight: Double = LoudnessMeter.singleChannelWeight) {
        precondition(sampleRate > 0 && hopSamples > 0)
        filter = KWeightingFilter(sampleRate: sampleRate)
        self.channelWeight = channelWeight
        self.hopSamples = hopSamples
        subblockSamples = Int((Double(sampleRate) * 0.1).rounded())
        let hopSeconds = Double(hopSamples) / Double(sampleRate)
        momentaryHops = max(1, Int((0.4 / hopSeconds).rounded()))
        shortTermHops = max(momentaryHops, Int((3.0 / hopSeconds).rounded()))
        hopEnergy = .allocate(capacity: shortTermHops)
        hopEnergy.initialize(repeating: 0, count: shortTermHops)
        binCount = Int(((Self.histogramTopLUFS - Self.absoluteGateLUFS) / Self.histogramStepLU).rounded())
        binEnergy = .allocate(capacity: binCount)
        binEnergy.initialize(repeating: 0, count: binCount)
        binBlocks = .allocate(capacity: binCount)
        binBlocks.initialize(repeating: 0, count: binCount)
    }

    deinit {
        hopEnergy.deallocate()
        binEnergy.deallocate()
        binBlocks.deallocate()
    }

    /// Adds samples. Real-time safe.
    public func add(_ samples: UnsafeBufferPointer<Float>) {
        guard let input = samples.baseAddress else { return }
        var offset = 0
        while offset < samples.count {
            let take = min(subblockSamples - subblockFill, samples.count - offset)
            // Accumulate in sample order from the running sums: identical results for any block split.
            var hopSum = currentHop
            var subblockSum = currentSubblock
            filter.accumulateSquares(input + offset, count: take, into: &hopSum, &subblockSum)
            currentHop = hopSum
            currentSubblock = subblockSum
            subblockFill += take
            offset += take
            if subblockFill == subblockSamples { closeSubblock() }
        }
    }

    /// Closes the current hop; returns momentary and short-term loudness in LUFS (nil until
    /// their window has filled). Real-time safe.
    public func endHop() -> (momentary: Float?, shortTerm: Float?) {
        let leavingShortTerm = hopEnergy[hopWrite]
        let momentaryIndex = (hopWrite + shortTermHops - momentaryHops) % shortTermHops
        let leavingMomentary = hopEnergy[momentaryIndex]
        hopEnergy[hopWrite] = currentHop
        hopWrite = hopWrite + 1 == shortTermHops ? 0 : hopWrite + 1
        hopsSeen += 1
        // Energies are never negative; the max() absorbs rounding left after loud audio ends.
        momentarySum = max(0, momentarySum + currentHop - leavingMomentary)
        shortTermSum = max(0, shortTermSum + currentHop - leavingShortTerm)
        currentHop = 0
        filter.flushDenormals()
        let momentary = hopsSeen >= momentaryHops ? windowLoudness(sum: momentarySum, hops: momentaryHops) : nil
        let shortTerm = hopsSeen >= shortTermHops ? windowLoudness(sum: shortTermSum, hops: shortTermHops) : nil
        return (momentary, shortTerm)
    }

    /// Gated integrated loudness of everything added so far (BS.1770-4 §2.8), nil when every
    /// block was gated out.
    public var integratedLUFS: Double? {
        var energy = 0.0
        var blocks = 0
        for bin in 0..<binCount {
            energy += binEnergy[bin]
            blocks += binBlocks[bin]
        }
        guard blocks > 0 else { return nil }
        let relativeGate = loudness(meanSquare: energy / Double(blocks)) + Self.relativeGateLU
        // Blocks louder than the histogram's top share its last bin, so a gate above the top
        // (audio far beyond full scale) keeps that bin rather than none.
        let gateBin = ((relativeGate - Self.absoluteGateLUFS) / Self.histogramStepLU).rounded(.up)
        let firstBin = gateBin.isFinite ? min(binCount - 1, max(0, Int(gateBin))) : binCount - 1
        energy = 0
        blocks = 0
        for bin in firstBin..<binCount {
            energy += binEnergy[bin]
            blocks += binBlocks[bin]
        }
        guard blocks > 0 else { return nil }
        return loudness(meanSquare: energy / Double(blocks))
    }

    /// Clears all state, as at the start of a stream.
    public func reset() {
        filter.reset()
        hopEnergy.update(repeating: 0, count: shortTermHops)
        binEnergy.update(repeating: 0, count: binCount)
        binBlocks.update(repeating: 0, count: binCount)
        hopWrite = 0
        hopsSeen = 0
        momentarySum = 0
        shortTermSum = 0
        currentHop = 0
        subblocks = (0, 0, 0, 0)
        subblocksSeen = 0
        currentSubblock = 0
        subblockFill = 0
    }

    @inline(__always)
    private func loudness(meanSquare: Double) -> Double {
        -0.691 + 10 * log10(channelWeight * meanSquare)
    }

    private func windowLoudness(sum: Double, hops: Int) -> Float {
        let value = loudness(meanSquare: sum / Double(hops * hopSamples))
        return value.isFinite ? max(Float(value), LevelFloor.decibels) : LevelFloor.decibels
    }

    private func closeSubblock() {
        subblocks = (subblocks.1, subblocks.2, subblocks.3, currentSubblock)
        currentSubblock = 0
        subblockFill = 0
        subblocksSeen += 1
        guard subblocksSeen >= 4 else { return }
        let meanSquare =
            (subblocks.0 + subblocks.1 + subblocks.2 + subblocks.3) / Double(4 * subblockSamples)
        let blockLoudness = loudness(meanSquare: meanSquare)
        guard blockLoudness > Self.absoluteGateLUFS else { return }
        let position = (blockLoudness - Self.absoluteGateLUFS) / Self.histogramStepLU
        let bin = position < Double(binCount - 1) ? Int(position) : binCount - 1  // also +infinity
        binEnergy[bin] += meanSquare
        binBlocks[bin] += 1
    }
}
