/// The chain's loops over sample blocks, vectorised eight samples at a time: reductions in
/// eight interleaved partial sums (the order of additions depends only on the block, so
/// results are the same on every run), and the element-wise passes of the pitch frame.
enum VectorSum {
    /// Sum of `count` samples, in eight interleaved partial sums (vectorised, and the same
    /// order on every run).
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var partial = SIMD8<Float>(repeating: 0)
        let whole = count & ~7
        var i = 0
        while i < whole {
            partial += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = partial.sum()
        while i < count {
            total += x[i]
            i += 1
        }
        return total
    }

    /// Sum of squares of `count` samples, vectorised as ``sum(_:count:)``.
    @inline(__always)
    static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Float { dot(x, x, count: count) }

    /// The sums behind normalised correlations of one segment `a` (`count` samples) with the
    /// three segments `b` starting `lagFrom`, `lagFrom + 1` and `lagFrom + 2` samples later, in
    /// one pass: Σ a·b for each (lanes 0-2), Σ (a² + b²) for each, Σ a, and Σ b for each (the
    /// later segments' from the first's by the sample that leaves and the one that enters).
    @inline(__always)
    static func lagSums(_ a: UnsafePointer<Float>, lagFrom: Int, count: Int) -> (
        cross: SIMD4<Float>, energy: SIMD4<Float>, sumA: Float, sumB: SIMD4<Float>
    ) {
        let b = a + lagFrom
        var c0 = SIMD8<Float>(repeating: 0)
        var c1 = c0, c2 = c0
        var energy = c0, sumA = c0, sumB = c0
        let whole = count & ~7
        var i = 0
        while i < whole {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            c0 += x * y
            c1 += x * UnsafeRawPointer(b + i + 1).loadUnaligned(as: SIMD8<Float>.self)
            c2 += x * UnsafeRawPointer(b + i + 2).loadUnaligned(as: SIMD8<Float>.self)
            energy += x * x + y * y
            sumA += x
            sumB += y
            i += 8
        }
        var cross = SIMD4<Float>(c0.sum(), c1.sum(), c2.sum(), 0)
        var e = energy.sum(), sa = sumA.sum(), sb = sumB.sum()
        while i < count {
            let x = a[i]
            cross[0] += x * b[i]
            cross[1] += x * b[i + 1]
            cross[2] += x * b[i + 2]
            e += x * x + b[i] * b[i]
            sa += x
            sb += b[i]
            i += 1
        }
        var energies = SIMD4<Float>(e, 0, 0, 0)
        var sums = SIMD4<Float>(sb, 0, 0, 0)
        for k in 1..<3 {
            let leaving = b[k - 1]
            let entering = b[k - 1 + count]
            energies[k] = energies[k - 1] + entering * entering - leaving * leaving
            sums[k] = sums[k - 1] + entering - leaving
        }
        return (cross, energies, sa, sums)
    }

    /// Σ a·b over `count` samples, vectorised as ``sum(_:count:)``.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var partial = SIMD8<Float>(repeating: 0)
        let whole = count & ~7
        var i = 0
        while i < whole {
            partial += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = partial.sum()
        while i < count {
            total += a[i] * b[i]
            i += 1
        }
        return total
    }

    /// Writes `x - mean` for `count` samples to `out`; returns the largest magnitude written and
    /// the sum of squares (summed as ``sumOfSquares(_:count:)`` would sum `out`).
    @inline(__always)
    static func centre(
        _ x: UnsafePointer<Float>, mean: Float, into out: UnsafeMutablePointer<Float>, count: Int
    ) -> (peak: Float, sumOfSquares: Float) {
        let m = SIMD8<Float>(repeating: mean)
        var high = SIMD8<Float>(repeating: 0)
        var low = SIMD8<Float>(repeating: 0)
        var squares = SIMD8<Float>(repeating: 0)
        let whole = count & ~7
        var i = 0
        while i < whole {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) - m
            UnsafeMutableRawPointer(out + i).storeBytes(of: v, as: SIMD8<Float>.self)
            high.replace(with: v, where: v .> high)
            low.replace(with: v, where: v .< low)
            squares += v * v
            i += 8
        }
        let magnitudes = high.replacing(with: -low, where: -low .> high)
        let four = magnitudes.lowHalf.replacing(with: magnitudes.highHalf, where: magnitudes.highHalf .> magnitudes.lowHalf)
        var peak = max(max(four[0], four[1]), max(four[2], four[3]))
        var total = squares.sum()
        while i < count {
            let v = x[i] - mean
            out[i] = v
            peak = max(peak, abs(v))
            total += v * v
            i += 1
        }
        return (peak, total)
    }

    /// Replaces each of `bins` interleaved complex values by its power (imaginary part zero),
    /// and writes the powers to `power` as well.
    @inline(__always)
    static func powerSpectrum(_ spectrum: UnsafeMutablePointer<Float>, power: UnsafeMutablePointer<Float>, bins: Int) {
        let whole = bins & ~3
        var bin = 0
        while bin < whole {
            let v = UnsafeRawPointer(spectrum + 2 * bin).loadUnaligned(as: SIMD8<Float>.self)
            let squares = v * v
            let p = squares.evenHalf + squares.oddHalf
            UnsafeMutableRawPointer(power + bin).storeBytes(of: p, as: SIMD4<Float>.self)
            let interleaved = SIMD8<Float>(p[0], 0, p[1], 0, p[2], 0, p[3], 0)
            UnsafeMutableRawPointer(spectrum + 2 * bin).storeBytes(of: interleaved, as: SIMD8<Float>.self)
            bin += 4
        }
        while bin < bins {
            let re = spectrum[2 * bin]
            let im = spectrum[2 * bin + 1]
            power[bin] = re * re + im * im
            spectrum[2 * bin] = power[bin]
            spectrum[2 * bin + 1] = 0
            bin += 1
        }
    }

    /// `ratio[k] = scale · x[k] / ratio[k]` for `count` values, 0 where `ratio[k]` is not above 10⁻¹².
    @inline(__always)
    static func normalise(_ x: UnsafePointer<Float>, by ratio: UnsafeMutablePointer<Float>, scale: Float, count: Int) {
        let whole = count & ~7
        let tiny = SIMD8<Float>(repeating: 1e-12)
        var i = 0
        while i < whole {
            let d = UnsafeRawPointer(ratio + i).loadUnaligned(as: SIMD8<Float>.self)
            let t = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            let safe = d.replacing(with: 1, where: d .<= tiny)
            let r = (scale * t / safe).replacing(with: 0, where: d .<= tiny)
            UnsafeMutableRawPointer(ratio + i).storeBytes(of: r, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            let d = ratio[i]
            ratio[i] = d > 1e-12 ? scale * x[i] / d : 0
            i += 1
        }
    }

    /// Index of the first of `x[from...last]` at or above `level`, or `last + 1` when none is:
    /// eight at a time across a run of lower values.
    @inline(__always)
    static func firstReaching(_ level: Float, in x: UnsafePointer<Float>, from: Int, through last: Int) -> Int {
        let bar = SIMD8<Float>(repeating: level)
        var i = from
        while i + 7 <= last {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            if any(v .>= bar) { break }
            i += 8
        }
        while i <= last && x[i] < level { i += 1 }
        return i
    }

    /// Copies `count` samples to `out`, clamped to ±`limit` (infinities too), with NaN as 0.
    @inline(__always)
    static func clampFinite(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int, limit: Float) {
        let high = SIMD8<Float>(repeating: limit)
        let low = -high
        let whole = count & ~7
        var i = 0
        while i < whole {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            var clamped = v.replacing(with: high, where: v .> high)
            clamped.replace(with: low, where: v .< low)
            // NaN is the value unequal to itself (an infinity is clamped like any large value).
            clamped.replace(with: 0, where: v .!= v)
            UnsafeMutableRawPointer(out + i).storeBytes(of: clamped, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            let v = x[i]
            out[i] = v.isNaN ? 0 : min(max(v, -limit), limit)
            i += 1
        }
    }

    /// `out[k] = x[k]² + x[count - 1 - k]²` for k in 0..<lags (lags ≤ count): the squares of
    /// the two samples that leave an autocorrelation's overlap between lag k and lag k + 1.
    @inline(__always)
    static func edgeSquares(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>, lags: Int) {
        let whole = lags & ~7
        var k = 0
        while k < whole {
            let front = UnsafeRawPointer(x + k).loadUnaligned(as: SIMD8<Float>.self)
            let b = UnsafeRawPointer(x + count - 8 - k).loadUnaligned(as: SIMD8<Float>.self)
            let back = SIMD8<Float>(b[7], b[6], b[5], b[4], b[3], b[2], b[1], b[0])
            UnsafeMutableRawPointer(out + k).storeBytes(of: front * front + back * back, as: SIMD8<Float>.self)
            k += 8
        }
        while k < lags {
            out[k] = x[k] * x[k] + x[count - 1 - k] * x[count - 1 - k]
            k += 1
        }
    }
}
