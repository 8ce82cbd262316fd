#if canImport(Glibc)
    import Glibc
#endif

/// The system's monotonic clock, which no clock setting moves: for capture time stamps,
/// pacing and latency, in every module that measures them. Real-time safe.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (the machine's boot).
    @inline(__always)
    public static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
