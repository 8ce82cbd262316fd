import Foundation

/// Synthetic test signals with known answers. Deterministic: noise comes from a seeded generator.
public enum Signals {
    /// A tone at `f0` with harmonics up to `maxHarmonic` (amplitude 1/k), peak-normalised to `peak`.
    public static func harmonicTone(f0: Double, sampleRate: Int, seconds: Double, maxHarmonic: Int = 8, peak: Float = 0.5)
        -> [Float]
    {
        let count = Int(seconds * Double(sampleRate))
        let harmonics = (1...maxHarmonic).filter { Double($0) * f0 < Double(sampleRate) * 0.45 }
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let t = Double(i) / Double(sampleRate)
            var v = 0.0
            for k in harmonics { v += sin(2 * .pi * Double(k) * f0 * t) / Double(k) }
            out[i] = Float(v)
        }
        return normalised(out, peak: peak)
    }

    /// A pure sine of `amplitude` at `frequency`.
    public static func sine(frequency: Double, amplitude: Double, sampleRate: Int, seconds: Double) -> [Float] {
        let count = Int((seconds * Double(sampleRate)).rounded())
        return (0..<count).map { Float(amplitude * sin(2 * .pi * frequency * Double($0) / Double(sampleRate))) }
    }

    /// A vowel-like voiced signal: a glottal pulse train whose f0 follows `contour(t)`, through
    /// three formant resonators (an /a/: 730, 1090, 2440 Hz). Returns the samples.
    public static func voiced(
        contour: (Double) -> Double, sampleRate: Int, seconds: Double,
        formants: [(Double, Double)] = [(730, 90), (1090, 110), (2440, 170)], peak: Float = 0.5
    ) -> [Float] {
        let count = Int(seconds * Double(sampleRate))
        // A band-limited pulse train: the sum of every harmonic below Nyquist at equal amplitude,
        // with the phase integrated from the contour, so that pulses fall between samples exactly.
        var source = [Float](repeating: 0, count: count)
        var phase = 0.0
        let nyquist = Double(sampleRate) / 2
        for i in 0..<count {
            let f0 = contour(Double(i) / Double(sampleRate))
            phase += 2 * .pi * f0 / Double(sampleRate)
            if phase > 2 * .pi { phase -= 2 * .pi }
            var v = 0.0
            var k = 1
            while Double(k) * f0 < nyquist * 0.95 {
                v += cos(Double(k) * phase)
                k += 1
            }
            source[i] = Float(v)
        }
        // Glottal roll-off: two one-pole low-passes (about -12 dB/octave above a few hundred Hz).
        var signal = source
        for _ in 0..<2 {
            var y = 0.0
            let a = exp(-2 * .pi * 300 / Double(sampleRate))
            for i in 0..<count {
                y = (1 - a) * Double(signal[i]) + a * y
                signal[i] = Float(y)
            }
        }
        var out = [Float](repeating: 0, count: count)
        for (frequency, bandwidth) in formants where frequency < Double(sampleRate) / 2 {
            var filter = Biquad.resonator(frequency: frequency, bandwidth: bandwidth, sampleRate: sampleRate)
            for i in 0..<count { out[i] += filter.process(signal[i]) }
        }
        return normalised(out, peak: peak)
    }

    /// Speech-like input for benchmarks: a voiced signal with intonation (140 ± 40 Hz), in
    /// 250 ms syllables separated by 100 ms of near-silence.
    public static func speechLike(sampleRate: Int, seconds: Double) -> [Float] {
        let voice = voiced(
            contour: { t in 140 + 40 * sin(2 * .pi * 0.8 * t) }, sampleRate: sampleRate, seconds: seconds, peak: 0.4)
        return voice.enumerated().map { i, x in
            (Double(i) / Double(sampleRate)).truncatingRemainder(dividingBy: 0.35) < 0.25 ? x : x * 0.01
        }
    }

    /// The narrowband telephone channel: 300-3400 Hz band-pass (4th-order Butterworth each side).
    public static func telephoneBand(_ signal: [Float], sampleRate: Int) -> [Float] {
        var stages = [
            Biquad.highPass(frequency: 300, q: 0.5412, sampleRate: sampleRate),
            Biquad.highPass(frequency: 300, q: 1.3066, sampleRate: sampleRate),
            Biquad.lowPass(frequency: 3400, q: 0.5412, sampleRate: sampleRate),
            Biquad.lowPass(frequency: 3400, q: 1.3066, sampleRate: sampleRate),
        ]
        return signal.map { x in
            var y = x
            for s in stages.indices { y = stages[s].process(y) }
            return y
        }
    }

    /// Gaussian white noise with the given RMS, from a seeded generator.
    public static func whiteNoise(count: Int, rms: Double, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        var out = [Float](repeating: 0, count: count)
        var i = 0
        while i < count {
            // Box-Muller.
            let u1 = max(Double(generator.next() >> 11) / Double(1 << 53), 1e-300)
            let u2 = Double(generator.next() >> 11) / Double(1 << 53)
            let r = (-2 * log(u1)).squareRoot() * rms
            out[i] = Float(r * cos(2 * .pi * u2))
            if i + 1 < count { out[i + 1] = Float(r * sin(2 * .pi * u2)) }
            i += 2
        }
        return out
    }

    /// Root mean square of `signal`.
    public static func rms(_ signal: [Float]) -> Double {
        (signal.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, signal.count))).squareRoot()
    }

    public static func normalised(_ signal: [Float], peak: Float) -> [Float] {
        let maximum = signal.map(abs).max() ?? 1
        return maximum > 0 ? signal.map { $0 * peak / maximum } : signal
    }
}

/// A seeded pseudo-random generator (SplitMix64): the same sequence on every machine.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One Gaussian sample of standard deviation `sigma` (Box-Muller).
    public mutating func gaussian(sigma: Double) -> Float {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-300)
        let u2 = Double(next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2) * sigma)
    }
}

/// RBJ audio-cookbook biquads, for making test signals.
public struct Biquad {
    var b0, b1, b2, a1, a2: Double
    var z1 = 0.0, z2 = 0.0

    public static func resonator(frequency: Double, bandwidth: Double, sampleRate: Int) -> Biquad {
        let r = exp(-Double.pi * bandwidth / Double(sampleRate))
        let theta = 2 * Double.pi * frequency / Double(sampleRate)
        let gain = 1 - r
        return Biquad(b0: gain, b1: 0, b2: -gain, a1: -2 * r * cos(theta), a2: r * r)
    }

    public static func lowPass(frequency: Double, q: Double, sampleRate: Int) -> Biquad {
        let w = 2 * Double.pi * frequency / Double(sampleRate)
        let alpha = sin(w) / (2 * q)
        let a0 = 1 + alpha
        return Biquad(
            b0: (1 - cos(w)) / 2 / a0, b1: (1 - cos(w)) / a0, b2: (1 - cos(w)) / 2 / a0,
            a1: -2 * cos(w) / a0, a2: (1 - alpha) / a0)
    }

    public static func highPass(frequency: Double, q: Double, sampleRate: Int) -> Biquad {
        let w = 2 * Double.pi * frequency / Double(sampleRate)
        let alpha = sin(w) / (2 * q)
        let a0 = 1 + alpha
        return Biquad(
            b0: (1 + cos(w)) / 2 / a0, b1: -(1 + cos(w)) / a0, b2: (1 + cos(w)) / 2 / a0,
            a1: -2 * cos(w) / a0, a2: (1 - alpha) / a0)
    }

    mutating func process(_ x: Float) -> Float {
        let input = Double(x)
        let y = b0 * input + z1
        z1 = b1 * input - a1 * y + z2
        z2 = b2 * input - a2 * y
        return Float(y)
    }
}
