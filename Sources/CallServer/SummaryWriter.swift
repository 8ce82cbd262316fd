import Foundation
import Synchronization

/// Where ended calls' summaries go: JSON Lines appended to a file, or standard output. One
/// call's lines are written together and flushed at once, so a crash loses at most the call
/// being written. A write that fails (a full disk) is reported and counted, and leaves no
/// partial line for the next call's lines to be glued to: a file is cut back to where the
/// call began, and on a stream the next call's lines start on a new line.
final class SummaryWriter: Sendable {
    private let handle: FileHandle?
    /// Whether `handle` is a regular file (it can be cut back after a failed write).
    private let isFile: Bool
    let failures = Atomic<Int>(0)
    /// A stream (standard output) may hold part of a failed call's lines: start a new line first.
    private let lock = Mutex<Bool>(false)

    /// `path` "-" is standard output; nil writes nothing.
    init(path: String?) throws(ServerError) {
        guard let path else {
            handle = nil
            isFile = false
            return
        }
        if path == "-" {
            handle = FileHandle.standardOutput
            var status = stat()
            isFile = fstat(STDOUT_FILENO, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
            return
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .summaries(path: path, reason: "it is a folder; name a file in it")
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
        isFile = true
    }

    /// Writes one call's lines; returns nil, or why they could not be written.
    @discardableResult
    func write(_ lines: [String]) -> String? {
        guard let handle, !lines.isEmpty else { return nil }
        let text = lines.joined(separator: "\n") + "\n"
        return lock.withLock { partialLine in
            let start = isFile ? try? handle.offset() : nil
            do {
                try handle.write(contentsOf: Data(((partialLine ? "\n" : "") + text).utf8))
                try? handle.synchronize()
                partialLine = false
                return nil
            } catch {
                failures.add(1, ordering: .relaxed)
                if let start, (try? handle.truncate(atOffset: start)) != nil {
                    partialLine = false
                } else {
                    partialLine = true
                }
                return Self.reason(error)
            }
        }
    }

    /// The system's reason for a failed write, in a few words. Foundation reports a full disk
    /// as its own error code and keeps the system's error number underneath.
    private static func reason(_ error: Error) -> String {
        let error = error as NSError
        if error.domain == NSCocoaErrorDomain && error.code == CocoaError.fileWriteOutOfSpace.rawValue { return "the disk is full" }
        let posix = error.domain == NSPOSIXErrorDomain ? error : error.userInfo[NSUnderlyingErrorKey] as? NSError
        switch posix.map({ Int32($0.code) }) {
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is used up"
        case EFBIG: return "the file is as large as this system allows"
        case EPIPE: return "the reader of standard output has gone"
        case EIO: return "an input/output error"
        default: return "the system refused the write (\(error.localizedDescription))"
        }
    }
}
