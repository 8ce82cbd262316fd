import Foundation
import Synchronization

/// Set by SIGINT, SIGTERM and SIGHUP; read by the output loop. An atomic store is async-signal-safe.
let interrupted = Atomic<Bool>(false)

/// The signals that end a live session the way Ctrl-C does: SIGINT, SIGTERM and SIGHUP.
///
/// A process inherits its parent's signal mask, and a parent may start `tonecoach live` with
/// these signals blocked (a child started from a thread that blocks them, as some supervisors
/// and test runners do): SIGTERM would then wait, pending, until the call is over.
/// ``unblock()`` runs first thing, while the default actions are still in place, so a signal
/// during a blocking device open ends the program as it always did; ``install()`` sets the
/// handlers once the session runs. The session's own threads never take these signals
/// (``JoinableThread`` blocks them), so a handler never interrupts a capture read.
enum StopSignals {
    private static var set: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, signal) }
        return set
    }

    /// Unblocks the stop signals on the calling (main) thread.
    static func unblock() {
        var set = set
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Sets the handlers (and unblocks the signals, in case).
    static func install() {
        signal(SIGINT) { _ in interrupted.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in interrupted.store(true, ordering: .relaxed) }
        // The terminal closing (SIGHUP) ends the call like Ctrl-C. Writes to a hung-up terminal
        // fail, so standard output and error go to /dev/null first (open and dup2 are
        // async-signal-safe): the --report file and the live page still get the call's end.
        signal(SIGHUP) { _ in
            let null = open("/dev/null", O_WRONLY)
            if null >= 0 {
                dup2(null, STDOUT_FILENO)
                dup2(null, STDERR_FILENO)
            }
            interrupted.store(true, ordering: .relaxed)
        }
        unblock()
    }
}
