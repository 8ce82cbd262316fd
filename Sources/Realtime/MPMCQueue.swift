import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A bounded first-in, first-out queue that any number of threads push to and pop from
/// without a lock: D. Vyukov's bounded multi-producer, multi-consumer array queue.
///
/// Every cell carries a sequence number that says whose turn it is. A producer claims
/// position p (a compare-and-swap on the push counter) only when cell `p & mask` reads
/// sequence p, writes the element and releases sequence p + 1; a consumer claims position p
/// only when the cell reads p + 1, moves the element out and releases p + capacity, handing
/// the cell to the producer one lap later. Pushes and pops never wait for each other, and
/// none allocates: the cells are allocated once, in `init`.
///
/// Elements are moved in and out, so a class reference is retained while it sits in the
/// queue and handed over on `pop`.
public final class MPMCQueue<Element>: @unchecked Sendable {
    // @unchecked Sendable: a cell's element is written only by the producer that claimed its
    // position, before it releases the cell's sequence, and read only by the consumer that
    // claimed it after acquiring that sequence.
    private let mask: Int
    private let sequences: UnsafeMutablePointer<Atomic<Int>>
    private let elements: UnsafeMutablePointer<Element>
    private let pushed = Atomic<Int>(0)
    private let popped = Atomic<Int>(0)

    /// Room for at least `minimumCapacity` elements (rounded up to a power of two).
    public init(minimumCapacity: Int) {
        precondition(minimumCapacity > 0 && minimumCapacity <= 1 << 30, "queue capacity out of range")
        var capacity = 1
        while capacity < minimumCapacity { capacity <<= 1 }
        mask = capacity - 1
        sequences = .allocate(capacity: capacity)
        for cell in 0..<capacity { (sequences + cell).initialize(to: Atomic(cell)) }
        elements = .allocate(capacity: capacity)
    }

    deinit {
        while pop() != nil {}
        sequences.deinitialize(count: capacity)
        sequences.deallocate()
        elements.deallocate()
    }

    /// The most elements the queue holds.
    public var capacity: Int { mask + 1 }

    /// Appends `element`; false (and the element dropped) when the queue is full. Lock-free.
    public func push(_ element: consuming Element) -> Bool {
        var position = pushed.load(ordering: .relaxed)
        while true {
            let cell = position & mask
            let sequence = sequences[cell].load(ordering: .acquiring)
            if sequence == position {
                let (claimed, current) = pushed.weakCompareExchange(
                    expected: position, desired: position + 1, ordering: .relaxed)
                if claimed {
                    (elements + cell).initialize(to: element)
                    sequences[cell].store(position + 1, ordering: .releasing)
                    return true
                }
                position = current
            } else if sequence < position {
                return false  // the cell still holds the element of a lap ago: full
            } else {
                position = pushed.load(ordering: .relaxed)  // another producer took it
            }
        }
    }

    /// Removes and returns the oldest element; nil when the queue is empty. Lock-free.
    public func pop() -> Element? {
        var position = popped.load(ordering: .relaxed)
        while true {
            let cell = position & mask
            let sequence = sequences[cell].load(ordering: .acquiring)
            if sequence == position + 1 {
                let (claimed, current) = popped.weakCompareExchange(
                    expected: position, desired: position + 1, ordering: .relaxed)
                if claimed {
                    let element = (elements + cell).move()
                    sequences[cell].store(position + mask + 1, ordering: .releasing)
                    return element
                }
                position = current
            } else if sequence < position + 1 {
                return nil  // not written yet: empty
            } else {
                position = popped.load(ordering: .relaxed)  // another consumer took it
            }
        }
    }

    /// Appends `element`, yielding the processor while the queue is full. For a queue sized
    /// to hold every element that can be in it at once, which is never full; the wait only
    /// guards against losing an element should that bound ever be wrong.
    public func pushWaiting(_ element: Element) {
        while !push(element) { sched_yield() }
    }
}
