import Foundation

/// Writes a line to standard error.
func standardError(_ line: String) {
    standardErrorText(line + "\n")
}

/// Writes text to standard error as it is. Where standard error is closed or cannot take it
/// (`2>&-`, a full disk) the text is lost, never the program: Foundation's
/// `FileHandle.write(_:)` traps on a failed write, which turned every note, warning and error
/// into a crash with status 132.
func standardErrorText(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
