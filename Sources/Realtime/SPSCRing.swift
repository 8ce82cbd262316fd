import Synchronization

/// Storage shared by the two halves of a single-producer, single-consumer ring.
///
/// Positions are monotonically increasing counts of elements written (`tail`) and read
/// (`head`); the slot of position p is `p & mask`. With 64-bit counters they never wrap in
/// practice (at 48 kHz it would take six million years). `tail - head` is the fill level.
@usableFromInline
final class RingStorage<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked Sendable: the slots are only ever written by the one producer between its
    // acquire of `head` and its release of `tail`, and only read by the one consumer between its
    // acquire of `tail` and its release of `head`; the ~Copyable halves guarantee one of each.
    @usableFromInline let capacity: Int
    @usableFromInline let mask: Int
    @usableFromInline let slots: UnsafeMutablePointer<Element>
    /// Elements read so far. Stored by the consumer only; loaded by the producer.
    @usableFromInline let head = Atomic<Int>(0)
    /// Elements written so far. Stored by the producer only; loaded by the consumer.
    @usableFromInline let tail = Atomic<Int>(0)

    init(capacity: Int, filler: Element) {
        self.capacity = capacity
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: filler, count: capacity)
    }

    deinit { slots.deallocate() }
}

/// Makes a lock-free ring of at least `minimumCapacity` elements (rounded up to a power of
/// two), split into its producer and consumer halves. Each half is ~Copyable: exactly one
/// thread can own each, which is what makes the ring safe without locks.
public func makeRing<Element: BitwiseCopyable>(minimumCapacity: Int, filler: Element) -> Ring<Element> {
    precondition(minimumCapacity > 0 && minimumCapacity <= 1 << 40, "ring capacity out of range")
    var capacity = 1
    while capacity < minimumCapacity { capacity <<= 1 }
    let storage = RingStorage(capacity: capacity, filler: filler)
    return Ring(producer: RingProducer(storage: storage), consumer: RingConsumer(storage: storage))
}

/// The two halves of a new ring; take each with `consume`.
@frozen
public struct Ring<Element: BitwiseCopyable>: ~Copyable {
    /// The writing half.
    public var producer: RingProducer<Element>
    /// The reading half.
    public var consumer: RingConsumer<Element>
}

/// The writing half of a ring. Never blocks: a full ring refuses what does not fit.
public struct RingProducer<Element: BitwiseCopyable>: ~Copyable, @unchecked Sendable {
    @usableFromInline let storage: RingStorage<Element>
    /// Our own writes so far (only we store `tail`, so no load is needed).
    @usableFromInline var tail = 0

    init(storage: RingStorage<Element>) { self.storage = storage }

    /// The ring's capacity in elements.
    @inlinable
    public var capacity: Int { storage.capacity }

    /// Free slots, refreshing the view of the consumer's position. Real-time safe.
    @inlinable
    public mutating func availableToWrite() -> Int {
        // Acquiring load pairs with the consumer's releasing store of `head`: once we see a
        // slot as free, the consumer's reads of it have completed, so we may overwrite it.
        storage.capacity - (tail - storage.head.load(ordering: .acquiring))
    }

    /// Writes as many of `elements` as fit and returns how many; the rest is refused.
    /// Real-time safe: no allocation, no lock, no wait.
    @discardableResult
    @inlinable
    public mutating func write(_ elements: UnsafeBufferPointer<Element>) -> Int {
        // One acquiring load per call (a plain load on x86). Caching the other side's index, as
        // some rings do, saves little at one call per 10 ms block and made ThreadSanitizer's
        // proof of this ring harder to read; see SPSCRingTests.
        let count = min(availableToWrite(), elements.count)
        guard count > 0, let source = elements.baseAddress else { return 0 }
        let start = tail & storage.mask
        let first = min(count, storage.capacity - start)
        // Plain element loops rather than memmove: the compiler still vectorises them, and
        // ThreadSanitizer sees every slot access (it cannot see inside the runtime's copy).
        let slots = storage.slots
        for i in 0..<first { slots[start + i] = source[i] }
        for i in first..<count { slots[i - first] = source[i] }
        tail += count
        // Releasing store pairs with the consumer's acquiring load of `tail`: the slots written
        // above are visible to the consumer before it can see the new `tail`.
        storage.tail.store(tail, ordering: .releasing)
        return count
    }

    /// Writes one element if there is room. Real-time safe.
    @inlinable
    public mutating func push(_ element: Element) -> Bool {
        withUnsafePointer(to: element) { write(UnsafeBufferPointer(start: $0, count: 1)) } == 1
    }
}

/// The reading half of a ring.
public struct RingConsumer<Element: BitwiseCopyable>: ~Copyable, @unchecked Sendable {
    @usableFromInline let storage: RingStorage<Element>
    /// Our own reads so far (only we store `head`).
    @usableFromInline var head = 0
    /// The producer's `tail` as seen by the last ``readableRegions(maximum:)``: the limit of ``commit(_:)``.
    @usableFromInline var visibleTail = 0

    init(storage: RingStorage<Element>) { self.storage = storage }

    /// The ring's capacity in elements.
    @inlinable
    public var capacity: Int { storage.capacity }

    /// Elements ready to read, refreshing the view of the producer's position. Real-time safe.
    @inlinable
    public mutating func availableToRead() -> Int {
        // Acquiring load pairs with the producer's releasing store of `tail`: every slot below
        // the tail we see has been fully written.
        visibleTail = storage.tail.load(ordering: .acquiring)
        return visibleTail - head
    }

    /// The readable elements as at most two contiguous regions (before and after the wrap),
    /// up to `maximum`, without copying. Call ``commit(_:)`` with how many were used.
    @inlinable
    public mutating func readableRegions(maximum: Int = .max) -> (
        first: UnsafeBufferPointer<Element>, second: UnsafeBufferPointer<Element>
    ) {
        let count = min(availableToRead(), maximum)
        let start = head & storage.mask
        let first = min(count, storage.capacity - start)
        return (
            UnsafeBufferPointer(start: storage.slots + start, count: first),
            UnsafeBufferPointer(start: storage.slots, count: count - first)
        )
    }

    /// Releases `count` elements (from the front) back to the producer. Real-time safe.
    @inlinable
    public mutating func commit(_ count: Int) {
        precondition(count >= 0 && count <= visibleTail - head, "commit past what was read")
        head += count
        // Releasing store pairs with the producer's acquiring load of `head`: our reads of these
        // slots happen before the producer may reuse them.
        storage.head.store(head, ordering: .releasing)
    }

    /// Copies up to `destination.count` elements out and commits them; returns how many. Real-time safe.
    @inlinable
    public mutating func read(into destination: UnsafeMutableBufferPointer<Element>) -> Int {
        guard let target = destination.baseAddress else { return 0 }
        let (first, second) = readableRegions(maximum: destination.count)
        for i in 0..<first.count { target[i] = first[i] }
        for i in 0..<second.count { target[first.count + i] = second[i] }
        commit(first.count + second.count)
        return first.count + second.count
    }

    /// Takes one element, or nil when the ring is empty. Real-time safe.
    @inlinable
    public mutating func pop() -> Element? {
        let (first, _) = readableRegions(maximum: 1)
        guard let base = first.baseAddress, first.count == 1 else { return nil }
        let element = base.pointee
        commit(1)
        return element
    }
}
