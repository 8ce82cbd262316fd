import Foundation
import Synchronization

/// Where ended calls' summaries go: JSON Lines appended to a file, or standard output. One
/// call's lines are written together and flushed at once, so a crash loses at most the call
/// being written. A write that fails (a full disk) is reported once and counted.
final class SummaryWriter: Sendable {
    private let handle: FileHandle?
    let failures = Atomic<Int>(0)
    private let lock = Mutex<Void>(())

    /// `path` "-" is standard output; nil writes nothing.
    init(path: String?) throws(ServerError) {
        guard let path else {
            handle = nil
            return
        }
        if path == "-" {
            handle = FileHandle.standardOutput
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw .summaries(path: path, reason: "cannot create it (does its folder exist and may this user write there?)")
            }
        }
        guard let opened = FileHandle(forWritingAtPath: path) else {
            throw .summaries(path: path, reason: "cannot open it for writing")
        }
        opened.seekToEndOfFile()
        handle = opened
    }

    /// Writes one call's lines; returns false when they could not be written.
    @discardableResult
    func write(_ lines: [String]) -> Bool {
        guard let handle, !lines.isEmpty else { return true }
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        return lock.withLock { _ in
            do {
                try handle.write(contentsOf: data)
                try? handle.synchronize()
                return true
            } catch {
                failures.add(1, ordering: .relaxed)
                return false
            }
        }
    }
}
