/// A periodicity peak located among a few lags: the highest of a function's values at three
/// consecutive lags around a rounded period, as the middle of three values. When the highest
/// sits at one end, the value one lag beyond it is still needed (``missingLag``), so that the
/// peak has a neighbour on each side to interpolate with. Both refinements of a period
/// (``PitchTracker``'s short window and ``PeriodRefiner``) find their peak this way; each
/// measures the missing value its own way and fits its own curve through the three.
struct LagPeak {
    /// Lag of the highest value.
    let lag: Int
    /// Values one lag before, at, and one lag after ``lag``; the one at ``missingLag`` is 0
    /// until ``complete(with:)`` sets it.
    private(set) var before: Float, at: Float, after: Float
    /// The lag whose value is still needed (two from the centre), or nil.
    let missingLag: Int?

    /// The peak among `values` at `centre - 1`, `centre` and `centre + 1`. Ties go to the lower lag.
    @inline(__always)
    init(centre: Int, values: (Float, Float, Float)) {
        let (a, b, c) = values
        if a >= b && a >= c {
            (lag, before, at, after, missingLag) = (centre - 1, 0, a, b, centre - 2)
        } else if c > b {
            (lag, before, at, after, missingLag) = (centre + 1, b, c, 0, centre + 2)
        } else {
            (lag, before, at, after, missingLag) = (centre, a, b, c, nil)
        }
    }

    /// Sets the value at ``missingLag``.
    @inline(__always)
    mutating func complete(with value: Float) {
        if missingLag ?? lag < lag { before = value } else { after = value }
    }

    /// `before - 2·at + after`: negative where the values curve down around the peak.
    var curvature: Float { before - 2 * at + after }
}
