/// A fixed ring of one channel's samples that knows the capture time of its oldest sample:
/// what ``PairedCaptureSource`` holds of one device while the other catches up. Allocated once;
/// appending, dropping and taking never allocate. When full, the oldest samples give way.
struct SampleQueue {
    private var storage: UnsafeMutablePointer<Float>?
    private var capacity = 0
    private var head = 0
    private(set) var count = 0
    private var sampleNanos: UInt64 = 0
    /// Capture time of the oldest queued sample (nil before anything arrived).
    private(set) var firstSampleNanos: UInt64?
    /// Capture time of the last sample handed out by ``take(_:into:stride:)``.
    private(set) var lastTakenNanos: UInt64 = 0

    init() {}

    init(capacity: Int, sampleRate: Int) {
        self.capacity = max(1, capacity)
        storage = .allocate(capacity: self.capacity)
        storage?.initialize(repeating: 0, count: self.capacity)
        sampleNanos = 1_000_000_000 / UInt64(max(1, sampleRate))
    }

    mutating func release() {
        storage?.deallocate()
        storage = nil
        capacity = 0
        head = 0
        count = 0
        firstSampleNanos = nil
    }

    /// Appends `count` samples whose last was captured at `lastSampleNanos`.
    mutating func append(_ samples: UnsafePointer<Float>, count added: Int, lastSampleNanos: UInt64) {
        guard let storage, added > 0 else { return }
        let span = UInt64(added - 1) * sampleNanos
        var firstNew = lastSampleNanos > span ? lastSampleNanos - span : 0
        var source = 0
        var remaining = added
        if remaining > capacity {
            // More than the queue holds: only the newest fit.
            source = remaining - capacity
            remaining = capacity
            firstNew += UInt64(source) * sampleNanos
        }
        let overflow = count + remaining - capacity
        if overflow > 0 { _ = drop(overflow) }
        if count == 0 { firstSampleNanos = firstNew }
        for i in 0..<remaining {
            storage[(head + count + i) % capacity] = samples[source + i]
        }
        count += remaining
    }

    /// Drops up to `frames` of the oldest samples; returns how many went.
    mutating func drop(_ frames: Int) -> Int {
        let gone = min(max(0, frames), count)
        head = capacity > 0 ? (head + gone) % capacity : 0
        count -= gone
        if let first = firstSampleNanos { firstSampleNanos = first + UInt64(gone) * sampleNanos }
        return gone
    }

    /// Moves the `frames` oldest samples to `destination`, every `stride`th element.
    mutating func take(_ frames: Int, into destination: UnsafeMutablePointer<Float>, stride: Int) {
        guard let storage else { return }
        let taken = min(frames, count)
        for i in 0..<taken { destination[i * stride] = storage[(head + i) % capacity] }
        if let first = firstSampleNanos, taken > 0 { lastTakenNanos = first + UInt64(taken - 1) * sampleNanos }
        _ = drop(taken)
    }
}
