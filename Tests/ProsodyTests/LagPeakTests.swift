import Testing

@testable import Prosody

@Suite("LagPeak: the highest of three lags, with a neighbour on each side")
struct LagPeakTests {
    @Test("a highest middle value is the peak, with nothing left to measure")
    func middle() {
        let peak = LagPeak(centre: 40, values: (0.5, 0.9, 0.7))
        #expect(peak.lag == 40 && peak.missingLag == nil)
        #expect(peak.before == 0.5 && peak.at == 0.9 && peak.after == 0.7)
        #expect(abs(peak.curvature - (0.5 - 1.8 + 0.7)) < 1e-6)
    }

    @Test("a peak at either end moves one lag and asks for the value beyond it, which lands on that side")
    func ends() {
        var rising = LagPeak(centre: 40, values: (0.3, 0.6, 0.8))
        #expect(rising.lag == 41 && rising.missingLag == 42)
        rising.complete(with: 0.5)
        #expect(rising.before == 0.6 && rising.at == 0.8 && rising.after == 0.5)

        var falling = LagPeak(centre: 40, values: (0.8, 0.6, 0.3))
        #expect(falling.lag == 39 && falling.missingLag == 38)
        falling.complete(with: 0.4)
        #expect(falling.before == 0.4 && falling.at == 0.8 && falling.after == 0.6)
    }

    @Test("ties go to the lower lag; a flat middle stays")
    func ties() {
        #expect(LagPeak(centre: 10, values: (0.7, 0.7, 0.2)).lag == 9)
        #expect(LagPeak(centre: 10, values: (0.7, 0.7, 0.7)).lag == 9)
        #expect(LagPeak(centre: 10, values: (0.2, 0.7, 0.7)).lag == 10)
    }

    @Test("sampled from a parabola, the three values place its vertex by the usual fit")
    func parabola() {
        // y = 1 - (τ - 41.3)² / 50 at τ = 40, 41, 42: the vertex is 41.3.
        func y(_ tau: Float) -> Float { 1 - (tau - 41.3) * (tau - 41.3) / 50 }
        var peak = LagPeak(centre: 40, values: (y(39), y(40), y(41)))
        #expect(peak.missingLag == 42)
        peak.complete(with: y(42))
        let delta = 0.5 * (peak.before - peak.after) / peak.curvature
        #expect(abs(Float(peak.lag) + delta - 41.3) < 1e-3)
    }
}
