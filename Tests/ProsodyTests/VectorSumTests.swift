import Testing

@testable import Prosody

@Suite("Vectorised sums")
struct VectorSumTests {
    /// 37 samples (four vectors and a tail) of a ramp with alternating sign.
    static let samples: [Float] = (0..<37).map { Float($0 % 2 == 0 ? $0 : -$0) * 0.25 }

    @Test("samples are clamped to the limit, infinities too; NaN becomes 0, in the vectors and the tail")
    func clampFinite() {
        var input = Self.samples
        for i in [3, 34] { input[i] = .nan }
        for i in [5, 35] { input[i] = .infinity }
        for i in [6, 36] { input[i] = -.infinity }
        var output = [Float](repeating: 99, count: input.count)
        VectorSum.clampFinite(input, into: &output, count: input.count, limit: 4)
        for i in input.indices {
            let expected: Float = input[i].isNaN ? 0 : min(max(input[i], -4), 4)
            #expect(output[i] == expected, "sample \(i): \(input[i]) gave \(output[i])")
        }
    }

    @Test("the first value reaching a level, from every start, in the vectors and the tail")
    func firstReaching() {
        // Mostly below 0.25, with values reaching it at 9, 20 and 36 (the tail) only.
        var x = [Float](repeating: 0.1, count: 37)
        for i in stride(from: 0, to: 37, by: 3) { x[i] = -0.5 }
        x[9] = 0.25
        x[20] = 0.9
        x[36] = 0.3
        for from in 0..<37 {
            for last in from..<37 {
                let expected = (from...last).first { x[$0] >= 0.25 } ?? last + 1
                let found = VectorSum.firstReaching(0.25, in: x, from: from, through: last)
                #expect(found == expected, "from \(from) through \(last)")
            }
        }
    }

    @Test("the centred frame, its peak magnitude and its energy")
    func centre() {
        var output = [Float](repeating: 0, count: Self.samples.count)
        let (peak, energy) = VectorSum.centre(Self.samples, mean: 0.5, into: &output, count: Self.samples.count)
        let centred = Self.samples.map { $0 - 0.5 }
        #expect(output == centred)
        #expect(peak == 9.25)  // |-35 × 0.25 - 0.5|
        let exact = centred.reduce(0) { $0 + Double($1) * Double($1) }
        #expect(abs(Double(energy) - exact) <= 1e-5 * exact)
    }

    @Test("the squares leaving an autocorrelation's overlap at each lag")
    func edgeSquares() {
        let x = Self.samples
        var output = [Float](repeating: 0, count: 20)
        VectorSum.edgeSquares(x, count: x.count, into: &output, lags: 20)
        for k in 0..<20 { #expect(output[k] == x[k] * x[k] + x[x.count - 1 - k] * x[x.count - 1 - k]) }
    }

    @Test("one pass gives the cross products, energies and sums of three lags")
    func lagSums() {
        let x = Self.samples
        let count = 19
        let sums = VectorSum.lagSums(x, lagFrom: 5, count: count)
        for k in 0..<3 {
            let b = Array(x[(5 + k)..<(5 + k + count)])
            let a = Array(x[0..<count])
            let cross = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
            let energy = a.reduce(0) { $0 + $1 * $1 } + b.reduce(0) { $0 + $1 * $1 }
            #expect(abs(sums.cross[k] - cross) <= 1e-4 * abs(cross) + 1e-4, "lag \(5 + k)")
            #expect(abs(sums.energy[k] - energy) <= 1e-4 * energy, "lag \(5 + k)")
            #expect(abs(sums.sumB[k] - b.reduce(0, +)) <= 1e-4, "lag \(5 + k)")
        }
        #expect(abs(sums.sumA - x[0..<count].reduce(0, +)) <= 1e-4)
        #expect(abs(VectorSum.dot(x, Array(x[7...]), count: count) - zip(x[0..<count], x[7..<(7 + count)]).reduce(0) { $0 + $1.0 * $1.1 }) <= 1e-3)
    }
}
