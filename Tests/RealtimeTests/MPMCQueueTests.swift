import Foundation
import Realtime
import Synchronization
import Testing

@Suite("MPMC queue")
struct MPMCQueueTests {
    final class Token {
        let value: Int
        init(_ value: Int) { self.value = value }
    }

    @Test("capacity rounds up to a power of two; a full queue refuses, an empty one returns nil")
    func fullAndEmpty() {
        let queue = MPMCQueue<Int>(minimumCapacity: 5)
        #expect(queue.capacity == 8)
        #expect(queue.pop() == nil)
        for value in 0..<8 { #expect(queue.push(value)) }
        #expect(queue.push(99) == false)
        #expect(queue.pop() == 0)
        #expect(queue.push(8))
        #expect((1...8).map { _ in queue.pop() } == Array(1...8))
        #expect(queue.pop() == nil)
    }

    @Test("first in, first out across many laps of the cells")
    func laps() {
        let queue = MPMCQueue<Int>(minimumCapacity: 4)
        var next = 0
        var expected = 0
        // Fill levels 1, 2, 3, 4, 1, 2, ...: every cell is reused at every offset.
        for round in 0..<100 {
            for _ in 0...(round % 4) {
                #expect(queue.push(next))
                next += 1
            }
            while let value = queue.pop() {
                #expect(value == expected)
                expected += 1
            }
        }
        #expect(expected == next)
    }

    @Test("a reference is held while queued and released once popped or when the queue goes")
    func references() {
        weak var popped: Token?
        weak var left: Token?
        var queue: MPMCQueue<Token>? = MPMCQueue<Token>(minimumCapacity: 2)
        do {
            let first = Token(1)
            let second = Token(2)
            popped = first
            left = second
            #expect(queue!.push(first))
            #expect(queue!.push(second))
        }
        #expect(popped != nil && left != nil)  // only the queue holds them now
        #expect(queue!.pop()?.value == 1)
        #expect(popped == nil)
        #expect(left != nil)
        queue = nil
        #expect(left == nil)
    }

    /// Four producers each push a counting sequence of their own while four consumers pop:
    /// every element arrives exactly once, and each consumer sees each producer's elements in
    /// the order they were pushed. Run under ThreadSanitizer in CI.
    @Test("four producers, four consumers: every element once, each producer's in order")
    func concurrent() {
        let producers = 4
        let consumers = 4
        let perProducer = 20_000
        let total = producers * perProducer
        let queue = MPMCQueue<Int>(minimumCapacity: 64)
        let taken = Atomic<Int>(0)
        // Each consumer hands its elements over in a slot of its own, read after the joins.
        let results = UnsafeMutablePointer<[Int]>.allocate(capacity: consumers)
        results.initialize(repeating: [], count: consumers)
        defer {
            results.deinitialize(count: consumers)
            results.deallocate()
        }
        let inOrder = Atomic<Bool>(true)
        let deadline = ContinuousClock.now + .seconds(60)
        var threads: [JoinableThread] = []
        for p in 0..<producers {
            threads.append(
                JoinableThread {
                    for i in 0..<perProducer {
                        while !queue.push(p * perProducer + i) {
                            if ContinuousClock.now > deadline { return }  // a broken queue fails, never hangs
                            sched_yield()
                        }
                    }
                })
        }
        for c in 0..<consumers {
            threads.append(
                JoinableThread {
                    var last = [Int](repeating: -1, count: producers)
                    var mine: [Int] = []
                    while taken.load(ordering: .relaxed) < total && ContinuousClock.now < deadline {
                        guard let value = queue.pop() else {
                            sched_yield()
                            continue
                        }
                        taken.add(1, ordering: .relaxed)
                        let producer = value / perProducer
                        if value <= last[producer] { inOrder.store(false, ordering: .relaxed) }
                        last[producer] = value
                        mine.append(value)
                    }
                    results[c] = mine
                })
        }
        for thread in threads { thread.join() }
        let ordered = inOrder.load(ordering: .relaxed)
        #expect(ordered)
        #expect(queue.pop() == nil)
        var counts = [Int](repeating: 0, count: total)
        for c in 0..<consumers {
            for value in results[c] { counts[value] += 1 }
        }
        #expect(counts.allSatisfy { $0 == 1 })
    }
}
