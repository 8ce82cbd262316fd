import Foundation
import Realtime
import Testing

@Suite("SPSC ring")
struct SPSCRingTests {
    static func values(_ range: Range<Int>) -> [Int32] { range.map { Int32($0) } }

    @Test("capacity rounds up to a power of two")
    func capacity() {
        let ring = makeRing(minimumCapacity: 100, filler: Int32(0))
        #expect(ring.producer.capacity == 128)
        #expect(ring.consumer.capacity == 128)
    }

    @Test("empty, then full: a full ring refuses and reports how much fitted")
    func fullAndEmpty() {
        var ring = makeRing(minimumCapacity: 8, filler: Int32(0))
        #expect(ring.consumer.availableToRead() == 0)
        #expect(ring.consumer.pop() == nil)
        let written = Self.values(0..<12).withUnsafeBufferPointer { ring.producer.write($0) }
        #expect(written == 8)
        #expect(ring.producer.availableToWrite() == 0)
        #expect(ring.producer.push(99) == false)
        var out = [Int32](repeating: -1, count: 16)
        let read = out.withUnsafeMutableBufferPointer { ring.consumer.read(into: $0) }
        #expect(read == 8)
        #expect(Array(out.prefix(8)) == Self.values(0..<8))
        #expect(ring.consumer.availableToRead() == 0)
        #expect(ring.producer.availableToWrite() == 8)
    }

    @Test("wrap-around: data written across the end reads back in order, as two regions")
    func wrapAround() {
        var ring = makeRing(minimumCapacity: 8, filler: Int32(0))
        _ = Self.values(0..<6).withUnsafeBufferPointer { ring.producer.write($0) }
        var sink = [Int32](repeating: 0, count: 5)
        #expect(sink.withUnsafeMutableBufferPointer { ring.consumer.read(into: $0) } == 5)
        // Positions 6 and 7 are before the wrap, 8...10 after it.
        #expect(Self.values(6..<11).withUnsafeBufferPointer { ring.producer.write($0) } == 5)
        let (first, second) = ring.consumer.readableRegions()
        #expect(Array(first) == [5, 6, 7])
        #expect(Array(second) == [8, 9, 10])
        ring.consumer.commit(first.count + second.count)
        #expect(ring.consumer.availableToRead() == 0)
    }

    @Test("partial commits release only what was used")
    func partialCommit() {
        var ring = makeRing(minimumCapacity: 4, filler: Int32(0))
        _ = Self.values(0..<4).withUnsafeBufferPointer { ring.producer.write($0) }
        let (first, _) = ring.consumer.readableRegions(maximum: 3)
        #expect(Array(first) == [0, 1, 2])
        ring.consumer.commit(1)
        #expect(ring.producer.availableToWrite() == 1)
        #expect(ring.consumer.pop() == 1)
    }

    /// A producer thread writes a counting sequence in odd-sized pieces; the consumer checks
    /// every element arrives once, in order. Run under ThreadSanitizer in CI.
    @Test("two threads move two million elements in order")
    func stress() {
        let total = 2_000_000
        let ring = makeRing(minimumCapacity: 1024, filler: Int32(0))
        let producer = ProducerThread(producer: ring.producer, total: total)
        var consumer = ring.consumer
        let thread = Thread { producer.run() }
        thread.start()
        var expected: Int32 = 0
        var buffer = [Int32](repeating: 0, count: 333)
        var ordered = true
        var spins = 0
        while expected < Int32(total) {
            let read = buffer.withUnsafeMutableBufferPointer { consumer.read(into: $0) }
            if read == 0 {
                spins += 1
                if spins % 64 == 0 { sched_yield() }
                continue
            }
            for i in 0..<read where buffer[i] != expected + Int32(i) { ordered = false }
            expected += Int32(read)
        }
        producer.done.wait()
        #expect(ordered)
        #expect(expected == Int32(total))
        #expect(consumer.availableToRead() == 0)
    }
}

/// Owns the producer half on its own thread (the half moves in through a consuming init).
final class ProducerThread: @unchecked Sendable {
    var producer: RingProducer<Int32>
    let total: Int
    let done = DispatchSemaphore(value: 0)

    init(producer: consuming RingProducer<Int32>, total: Int) {
        self.producer = producer
        self.total = total
    }

    func run() {
        var next: Int32 = 0
        var chunk = [Int32](repeating: 0, count: 257)
        var size = 1
        while Int(next) < total {
            let count = min(size, total - Int(next))
            for i in 0..<count { chunk[i] = next + Int32(i) }
            let written = chunk.withUnsafeBufferPointer { producer.write(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            if written == 0 { sched_yield() }
            next += Int32(written)
            size = size % 257 + 1
        }
        done.signal()
    }
}
