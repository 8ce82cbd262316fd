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
}
