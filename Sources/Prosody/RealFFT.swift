import CFFTW
import Synchronization

/// FFTW's planner is not thread-safe: every plan is made and destroyed under this lock.
/// Only `fftwf_execute` (thread-safe on distinct plans) runs outside it, on the hot path.
private let fftwPlannerLock = Mutex(())

/// A real-input FFT of one fixed size, planned once; the only place ToneCoach touches FFTW.
///
/// Lifecycle: `init` allocates aligned buffers and makes both plans; `forward()` and
/// `inverse()` only execute them and cannot fail or allocate.
public final class RealFFT {
    /// Transform length in samples.
    public let size: Int
    /// Number of complex bins, `size / 2 + 1`.
    public let binCount: Int
    /// Time-domain buffer of `size` samples: input of `forward()`, output of `inverse()`.
    public let time: UnsafeMutablePointer<Float>
    /// Spectrum of `binCount` bins as interleaved (re, im) pairs: output of `forward()`, input of `inverse()`.
    public let spectrum: UnsafeMutablePointer<Float>
    private let forwardPlan: fftwf_plan
    private let inversePlan: fftwf_plan

    /// Plans a forward and an inverse real transform of `size` samples (even, at least 4).
    ///
    /// Plans are made with FFTW_ESTIMATE: deterministic (the same plan in every process, so the
    /// live and offline paths produce identical frames) and instant to make.
    public init(size: Int) {
        precondition(size >= 4 && size % 2 == 0, "RealFFT size must be even and at least 4")
        self.size = size
        self.binCount = size / 2 + 1
        // fftwf_malloc gives the SIMD alignment FFTW's fast codelets need.
        let timeRaw = fftwf_malloc(MemoryLayout<Float>.stride * size)!
        let spectrumRaw = fftwf_malloc(MemoryLayout<Float>.stride * 2 * (size / 2 + 1))!
        time = timeRaw.bindMemory(to: Float.self, capacity: size)
        spectrum = spectrumRaw.bindMemory(to: Float.self, capacity: 2 * (size / 2 + 1))
        time.initialize(repeating: 0, count: size)
        spectrum.initialize(repeating: 0, count: 2 * (size / 2 + 1))
        let complexPointer = OpaquePointer(spectrumRaw)
        let flags = UInt32(FFTW_ESTIMATE)
        // Plans are raw pointers that never leave this object; the lock only serialises the planner.
        nonisolated(unsafe) var made: (forward: fftwf_plan?, inverse: fftwf_plan?) = (nil, nil)
        fftwPlannerLock.withLock { _ in
            made.forward = fftwf_plan_dft_r2c_1d(
                Int32(size), timeRaw.assumingMemoryBound(to: Float.self),
                UnsafeMutablePointer(complexPointer), flags)
            made.inverse = fftwf_plan_dft_c2r_1d(
                Int32(size), UnsafeMutablePointer(complexPointer),
                timeRaw.assumingMemoryBound(to: Float.self), flags)
        }
        forwardPlan = made.forward!
        inversePlan = made.inverse!
    }

    deinit {
        fftwPlannerLock.withLock { _ in
            fftwf_destroy_plan(forwardPlan)
            fftwf_destroy_plan(inversePlan)
        }
        fftwf_free(time)
        fftwf_free(spectrum)
    }

    /// Transforms `time` into `spectrum` (unnormalised). Real-time safe.
    @inline(__always) public func forward() { fftwf_execute(forwardPlan) }

    /// Transforms `spectrum` back into `time`, scaled by `size` (FFTW does not normalise);
    /// destroys the contents of `spectrum`. Real-time safe.
    @inline(__always) public func inverse() { fftwf_execute(inversePlan) }

    /// The smallest size FFTW handles well (a power of two) that holds `count` samples.
    public static func goodSize(atLeast count: Int) -> Int {
        var n = 4
        while n < count { n <<= 1 }
        return n
    }
}
