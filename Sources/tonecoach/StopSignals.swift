import Foundation
import Synchronization

/// Set by SIGINT, SIGTERM and SIGHUP; read by the output loop. An atomic store is async-signal-safe.
let interrupted = Atomic<Bool>(false)

/// The signals that end a live session the way Ctrl-C does: SIGINT, SIGTERM and SIGHUP.
///
/// They are taken on the main (output) thread only. ``holdDuringStart()`` blocks them before
/// the session starts its capture and analysis threads, which inherit the mask, so a signal
/// never interrupts a capture read; ``install()`` then sets the handlers and unblocks them on
/// the main thread, where one that arrived meanwhile is delivered at once. Unblocking also
/// matters on its own: a process inherits its parent's signal mask, and a parent that
/// launched `tonecoach live` with these signals blocked (Foundation's `Process` does) would
/// otherwise leave SIGTERM pending for ever and the call running to its end.
enum StopSignals {
    private static var set: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, signal) }
        return set
    }

    /// Blocks the stop signals on the calling (main) thread, for the threads it starts next.
    static func holdDuringStart() {
        var set = set
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Sets the handlers and unblocks the stop signals on the calling (main) thread.
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
        var set = set
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
