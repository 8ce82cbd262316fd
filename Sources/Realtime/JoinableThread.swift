#if canImport(Glibc)
import Glibc
#endif

/// A POSIX thread that runs one closure and can be joined, optionally at real-time priority.
///
/// It never takes the signals that stop a program (SIGINT, SIGTERM, SIGHUP, SIGQUIT): they are
/// blocked on the thread before its closure runs, so their handlers run on the program's other
/// threads and never interrupt a capture read or an analysis hop.
public final class JoinableThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private var thread = pthread_t()
    private var joined = false
    /// Whether the system granted the real-time (SCHED_FIFO) priority asked for; unprivileged
    /// processes usually run at normal priority, which is fine on an idle machine.
    public private(set) var isRealtime = false

    /// Starts `body` on a new thread, at SCHED_FIFO `realtimePriority` when given and allowed.
    public init(realtimePriority: Int32? = nil, body: @escaping () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(
            &thread, nil,
            { argument in
                let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
                var stopSignals = sigset_t()
                sigemptyset(&stopSignals)
                for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&stopSignals, signal) }
                pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
                body.run()
                return nil
            }, context)
        precondition(status == 0, "pthread_create failed: \(status)")
        if let priority = realtimePriority {
            var parameters = sched_param()
            parameters.sched_priority = priority
            isRealtime = pthread_setschedparam(thread, SCHED_FIFO, &parameters) == 0
        }
    }

    /// Waits for the thread to finish. Idempotent.
    public func join() {
        guard !joined else { return }
        pthread_join(thread, nil)
        joined = true
    }
}
