/// Reductions over sample blocks, vectorised with eight interleaved partial sums. The order
/// of additions depends only on the block, so results are the same on every run.
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
    static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var partial = SIMD8<Float>(repeating: 0)
        let whole = count & ~7
        var i = 0
        while i < whole {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            partial += v * v
            i += 8
        }
        var total = partial.sum()
        while i < count {
            total += x[i] * x[i]
            i += 1
        }
        return total
    }

    /// The sums behind a normalised correlation of two equally long segments `a` and `b`:
    /// Σ a·b, Σ (a² + b²), Σ a and Σ b, vectorised as ``sum(_:count:)``.
    @inline(__always)
    static func pairSums(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> (
        cross: Float, energy: Float, sumA: Float, sumB: Float
    ) {
        var cross = SIMD8<Float>(repeating: 0)
        var energy = SIMD8<Float>(repeating: 0)
        var sumA = SIMD8<Float>(repeating: 0)
        var sumB = SIMD8<Float>(repeating: 0)
        let whole = count & ~7
        var i = 0
        while i < whole {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            cross += x * y
            energy += x * x + y * y
            sumA += x
            sumB += y
            i += 8
        }
        var result = (cross: cross.sum(), energy: energy.sum(), sumA: sumA.sum(), sumB: sumB.sum())
        while i < count {
            result.cross += a[i] * b[i]
            result.energy += a[i] * a[i] + b[i] * b[i]
            result.sumA += a[i]
            result.sumB += b[i]
            i += 1
        }
        return result
    }
}
