import Foundation

/// Runs one job per file on up to `jobs` threads and hands the results back in the files'
/// order, each as soon as it and every file before it are done: output stays in the order the
/// user named the files, and one file's failure never holds back or loses another's result.
///
/// Workers stay at most `2 × jobs` files ahead of the file being handed back, so memory holds a
/// bounded number of finished results however long the batch.
final class AnalysisBatch<Result: Sendable>: @unchecked Sendable {
    private let count: Int
    private let jobs: Int
    private let work: @Sendable (Int) -> Result
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var results: [Int: Result] = [:]
    private var nextToStart = 0
    private var nextToDeliver = 0

    /// A batch of `count` jobs; `work(index)` runs on a worker thread.
    init(count: Int, jobs: Int, work: @escaping @Sendable (Int) -> Result) {
        self.count = count
        self.jobs = max(1, min(jobs, count))
        self.work = work
    }

    /// Runs the batch; `deliver(index, result)` is called on the calling thread, in index order.
    func run(deliver: (Int, Result) -> Void) {
        guard count > 0 else { return }
        if jobs == 1 {
            // No threads for a single job at a time: the simplest path, and the one a
            // debugger or a profile of one file sees.
            for index in 0..<count { deliver(index, work(index)) }
            return
        }
        let threads = (0..<jobs).map { _ in Thread { [self] in workerLoop() } }
        for thread in threads {
            thread.stackSize = 8 << 20
            thread.start()
        }
        for index in 0..<count {
            condition.lock()
            while results[index] == nil { condition.wait() }
            let result = results.removeValue(forKey: index)!
            nextToDeliver = index + 1
            condition.broadcast()
            condition.unlock()
            deliver(index, result)
        }
    }

    private func workerLoop() {
        while true {
            condition.lock()
            while nextToStart < count && nextToStart >= nextToDeliver + 2 * jobs { condition.wait() }
            guard nextToStart < count else {
                condition.unlock()
                return
            }
            let index = nextToStart
            nextToStart += 1
            condition.unlock()
            let result = work(index)
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }
    }
}
