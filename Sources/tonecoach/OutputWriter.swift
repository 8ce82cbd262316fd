import Foundation

/// Buffered output: frames are many and small, so they are gathered and written in large
/// pieces to standard output, or kept in memory (``collected``) for a file analysed alongside
/// others whose output must wait its turn. A closed pipe (e.g. `| head`) ends the program
/// quietly; any other write error (a full disk) is said, and ends it with status 1.
final class OutputWriter {
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 16
    /// Where `flush` writes; nil keeps everything in memory.
    private let descriptor: Int32?

    /// A writer to standard output.
    init() {
        descriptor = STDOUT_FILENO
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// A writer that keeps what it is given, for ``collected``.
    private init(collecting: Void) { descriptor = nil }

    /// A writer that keeps what it is given, for ``collected``.
    static func collecting() -> OutputWriter { OutputWriter(collecting: ()) }

    /// Everything written to an in-memory writer so far.
    var collected: [UInt8] { buffer }

    /// Appends text and a newline.
    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Appends text as it is (no newline).
    func text(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Appends bytes as they are.
    func bytes(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Writes everything gathered so far (nothing for an in-memory writer).
    func flush() {
        guard let descriptor else { return }
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EPIPE { exit(0) }
                standardError("tonecoach: error: cannot write the output: \(OutputFile.explain(code))")
                exit(1)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
