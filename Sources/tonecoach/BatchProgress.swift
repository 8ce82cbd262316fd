import Foundation

/// How far a batch has got, as one line on stderr that redraws in place; shown only when
/// stderr is a terminal and there is more than one file (a log file gets no progress lines).
final class BatchProgress {
    private let total: Int
    private let enabled: Bool
    private var showing = false

    init(total: Int) {
        self.total = total
        enabled = total > 1 && isatty(STDERR_FILENO) == 1
    }

    /// Draws "12/300 files (1 failed)".
    func show(done: Int, failures: Int) {
        guard enabled, done < total else { return }
        let failed = failures > 0 ? " (\(failures) failed)" : ""
        standardErrorText("\r\u{1B}[K\(done)/\(total) files\(failed)")
        showing = true
    }

    /// Removes the line, before anything else is written to the terminal.
    func clear() {
        guard showing else { return }
        standardErrorText("\r\u{1B}[K")
        showing = false
    }
}
