import Foundation

/// The K-weighting of ITU-R BS.1770-4 (§2.1, Annex 1): a high-shelf "head" pre-filter
/// followed by the RLB high-pass, as two biquads in double precision.
///
/// The recommendation tabulates coefficients at 48 kHz only; here both stages are derived
/// for any sample rate from the analogue prototypes (centre frequency, gain, Q) that
/// reproduce the 48 kHz table, through the bilinear transform with frequency pre-warping.
public struct KWeightingFilter: Sendable {
    /// Shelf stage prototype: centre 1681.97 Hz, +4.0 dB, Q 0.7072 (fits the BS.1770 48 kHz table).
    static let shelfHz = 1681.974450955533
    static let shelfGainDB = 3.999843853973347
    static let shelfQ = 0.7071752369554196
    /// High-pass stage prototype: 38.14 Hz, Q 0.5003 (fits the BS.1770 48 kHz table).
    static let highPassHz = 38.13547087602444
    static let highPassQ = 0.5003270373238773

    private let b0, b1, b2, a1, a2: Double  // stage 1 (shelf)
    private let c1, c2: Double  // stage 2 (high-pass; numerator 1, -2, 1)
    private var s1a = 0.0, s1b = 0.0, s2a = 0.0, s2b = 0.0  // transposed direct form II states

    /// Coefficients for `sampleRate`.
    public init(sampleRate: Int) {
        let rate = Double(sampleRate)
        var k = tan(Double.pi * Self.shelfHz / rate)
        let vh = pow(10, Self.shelfGainDB / 20)
        let vb = pow(vh, 0.4996667741545416)
        var a0 = 1 + k / Self.shelfQ + k * k
        b0 = (vh + vb * k / Self.shelfQ + k * k) / a0
        b1 = 2 * (k * k - vh) / a0
        b2 = (vh - vb * k / Self.shelfQ + k * k) / a0
        a1 = 2 * (k * k - 1) / a0
        a2 = (1 - k / Self.shelfQ + k * k) / a0
        k = tan(Double.pi * Self.highPassHz / rate)
        a0 = 1 + k / Self.highPassQ + k * k
        c1 = 2 * (k * k - 1) / a0
        c2 = (1 - k / Self.highPassQ + k * k) / a0
    }

    /// Filters one sample. Real-time safe.
    @inline(__always)
    public mutating func process(_ sample: Float) -> Double {
        let x = Double(sample)
        let y1 = b0 * x + s1a
        s1a = b1 * x - a1 * y1 + s1b
        s1b = b2 * x - a2 * y1
        let y2 = y1 + s2a
        s2a = -2 * y1 - c1 * y2 + s2b
        s2b = y1 - c2 * y2
        return y2
    }

    /// Flushes states that have decayed towards denormal range, which would slow the
    /// filter by orders of magnitude during digital silence. Call once per block.
    @inline(__always)
    public mutating func flushDenormals() {
        let tiny = 1e-30
        if abs(s1a) < tiny { s1a = 0 }
        if abs(s1b) < tiny { s1b = 0 }
        if abs(s2a) < tiny { s2a = 0 }
        if abs(s2b) < tiny { s2b = 0 }
    }

    /// Clears the filter memory.
    public mutating func reset() {
        s1a = 0
        s1b = 0
        s2a = 0
        s2b = 0
    }
}
