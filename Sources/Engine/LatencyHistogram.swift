import AudioIO
import Coaching
import Core
import Foundation
import Prosody
import Realtime
import Synchronization

/// Latencies in 10 µs buckets up to one second, plus the maximum: fixed memory, no allocation
/// after init.
struct LatencyHistogram {
    static let bucketNanos: UInt64 = 10_000
    private var buckets = [Int](repeating: 0, count: 100_000)
    private var count = 0
    private var maximumNanos: UInt64 = 0

    mutating func record(nanos: UInt64) {
        let index = min(buckets.count - 1, Int(nanos / Self.bucketNanos))
        buckets[index] += 1
        count += 1
        maximumNanos = max(maximumNanos, nanos)
    }

    /// The latency below which `fraction` of hops fell, in milliseconds (bucket upper edge).
    func percentile(_ fraction: Double) -> Double? {
        guard count > 0 else { return nil }
        let target = Int((fraction * Double(count)).rounded(.up))
        var seen = 0
        for (index, value) in buckets.enumerated() {
            seen += value
            if seen >= target { return Double(UInt64(index + 1) * Self.bucketNanos) / 1e6 }
        }
        return maximumMilliseconds
    }

    var maximumMilliseconds: Double? { count > 0 ? Double(maximumNanos) / 1e6 : nil }
}
