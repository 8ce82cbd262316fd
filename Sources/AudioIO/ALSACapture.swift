import CALSA
import Core
import Foundation

/// Capture from an ALSA PCM device: a sound card (`hw:1,0`, `plughw:1,0`), a USB headset by
/// name, `default`, or any PCM defined in an asoundrc (such as the `file` plugin that CI uses
/// to feed a recording through this very code without a sound card). The only file that
/// imports ALSA.
///
/// `open` negotiates: interleaved access; 16-bit, 32-bit or float samples (converted to Float
/// here); the device's native rate nearest the one asked for (no resampling unless the
/// native rate is outside 8-48 kHz); about 10 ms periods and four periods of buffer.
/// `read` never allocates: it reads one period into a preallocated buffer, converts it, and
/// turns ALSA's error codes into ``CaptureRead`` values, recovering overruns and suspends.
public final class ALSACaptureDevice: CaptureSource {
    public let name: String
    public private(set) var format: CaptureFormat
    public private(set) var pacesItself = true
    /// Periods of buffer requested from the device.
    public static let bufferPeriods = 4
    /// Period length requested from the device.
    public static let periodSeconds = 0.010

    private let preferredRate: Int
    /// A rate the device must run at, resampling if it has to (set by ``PairedCaptureSource``
    /// so that the customer's side runs at the agent's rate); nil takes the native rate.
    public var requiredSampleRate: Int?
    private let preferredChannels: Int
    private var pcm: OpaquePointer?
    private var sampleFormat = SND_PCM_FORMAT_FLOAT_LE
    private var raw: UnsafeMutableRawPointer?
    private var rawCapacityFrames = 0

    /// A device to capture from, opened by ``open()``. `sampleRate` nil picks the device's
    /// native rate nearest 16 kHz.
    public init(name: String, sampleRate: Int? = nil, channels: Int = 1) {
        self.name = name
        preferredRate = sampleRate ?? 16000
        preferredChannels = channels
        format = CaptureFormat(sampleRate: preferredRate, channelCount: channels, periodFrames: preferredRate / 100)
    }

    deinit { close() }

    public func open() throws(CaptureError) {
        close()
        Self.silenceLibraryMessages()
        var handle: OpaquePointer?
        let status = snd_pcm_open(&handle, name, SND_PCM_STREAM_CAPTURE, 0)
        guard status >= 0, let handle else {
            // ENOENT/ENODEV for a name ALSA does not list: no such PCM (as opposed to one that
            // exists but fails, such as a file-plugin PCM whose input file is missing).
            let available = Self.captureDeviceNames()
            // A configuration ALSA cannot read hides every device: say that, not "no such device".
            if let problem = Self.configurationProblem() { throw .configuration(reason: problem) }
            if (status == -ENOENT || status == -ENODEV) && !available.contains(name) {
                var card: Int32 = -1
                let namesACard = ["default", "sysdefault", "hw:", "plughw:", "front", "dsnoop"].contains { name.hasPrefix($0) }
                if namesACard && (snd_card_next(&card) != 0 || card < 0) { throw .noSoundCard(name: name) }
                throw .noSuchDevice(name: name, available: available)
            }
            throw .cannotOpen(name: name, reason: Self.describe(status))
        }
        do throws(CaptureError) {
            try configure(handle)
        } catch {
            snd_pcm_close(handle)
            throw error
        }
        pcm = handle
        let type = snd_pcm_type(handle)
        // The file and null plugins deliver as fast as they are read: the session paces them.
        pacesItself = !(type == SND_PCM_TYPE_FILE || type == SND_PCM_TYPE_NULL)
        let bytes = Self.bytesPerSample(sampleFormat) * format.channelCount * format.periodFrames
        raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        raw?.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        rawCapacityFrames = format.periodFrames
        snd_pcm_start(handle)
    }

    public func close() {
        if let pcm {
            snd_pcm_close(pcm)
            self.pcm = nil
        }
        raw?.deallocate()
        raw = nil
        rawCapacityFrames = 0
    }

    public func read(into buffer: UnsafeMutablePointer<Float>, maximumFrames: Int) -> CaptureRead {
        guard let pcm, let raw else { return .disconnected(code: -EBADFD) }
        let frames = min(maximumFrames, rawCapacityFrames)
        fillWithSentinel(raw, count: frames * format.channelCount)
        let got = snd_pcm_readi(pcm, raw, snd_pcm_uframes_t(frames))
        if got < 0 {
            let code = Int32(got)
            switch code {
            case -EPIPE:
                return snd_pcm_recover(pcm, code, 1) >= 0 ? .overrun : .disconnected(code: code)
            case -ESTRPIPE:
                return snd_pcm_recover(pcm, code, 1) >= 0 ? .suspended : .disconnected(code: code)
            case -EAGAIN, -EINTR:
                return .frames(0, captureNanos: MonotonicClock.nanoseconds())
            default:
                // -ENODEV, -EIO, -EBADFD: the device is gone (a headset unplugged).
                return .disconnected(code: code)
            }
        }
        // A device that counts frames it never wrote has run dry: ALSA's file plugin does so
        // once its input file ends (and from the start for an empty one), forever, without
        // blocking. Those frames are not audio and are never analysed.
        let unwritten = unwrittenTrailingFrames(raw, frames: Int(got))
        if unwritten == Int(got) && got > 0 { return .endOfStream }
        let count = unwritten >= Self.dryRunMinimumFrames ? Int(got) - unwritten : Int(got)
        convert(raw, count: count * format.channelCount, into: buffer)
        return .frames(count, captureNanos: lastSampleNanos(pcm))
    }

    /// Bit patterns written before each read where ALSA should write samples: 0x7777 is no
    /// clipping or silence value, and the float one is a NaN no converter produces.
    static let sentinel16: Int16 = 0x7777
    static let sentinel32: UInt32 = 0x7777_7777
    static let sentinelFloat: UInt32 = 0x7FC0_7777
    /// Trailing untouched frames that mark a partial last period of a device running dry; fewer
    /// could be a real sample that happens to equal the sentinel.
    static let dryRunMinimumFrames = 8

    private func fillWithSentinel(_ raw: UnsafeMutableRawPointer, count: Int) {
        if sampleFormat == SND_PCM_FORMAT_S16_LE {
            raw.assumingMemoryBound(to: Int16.self).update(repeating: Self.sentinel16, count: count)
        } else {
            let word = sampleFormat == SND_PCM_FORMAT_FLOAT_LE ? Self.sentinelFloat : Self.sentinel32
            raw.assumingMemoryBound(to: UInt32.self).update(repeating: word, count: count)
        }
    }

    /// Frames at the end of the last read whose every sample still holds the sentinel.
    private func unwrittenTrailingFrames(_ raw: UnsafeMutableRawPointer, frames: Int) -> Int {
        let channels = format.channelCount
        var frame = frames
        if sampleFormat == SND_PCM_FORMAT_S16_LE {
            let samples = raw.assumingMemoryBound(to: Int16.self)
            while frame > 0 && (0..<channels).allSatisfy({ samples[(frame - 1) * channels + $0] == Self.sentinel16 }) {
                frame -= 1
            }
        } else {
            let word = sampleFormat == SND_PCM_FORMAT_FLOAT_LE ? Self.sentinelFloat : Self.sentinel32
            let samples = raw.assumingMemoryBound(to: UInt32.self)
            while frame > 0 && (0..<channels).allSatisfy({ samples[(frame - 1) * channels + $0] == word }) {
                frame -= 1
            }
        }
        return frames - frame
    }

    /// Turns off alsa-lib's own "ALSA lib ..." lines on stderr, once per process.
    public static func silenceLibraryMessages() { _ = silenced }
    private static let silenced: Void = { _ = tonecoach_alsa_silence_errors(1) }()

    /// Monotonic time of the newest sample read: ALSA's timestamp of the hardware position,
    /// less the frames captured since; the time of the read where the device keeps none.
    private func lastSampleNanos(_ pcm: OpaquePointer) -> UInt64 {
        var available: snd_pcm_uframes_t = 0
        var stamp = snd_htimestamp_t()
        let now = MonotonicClock.nanoseconds()
        guard snd_pcm_htimestamp(pcm, &available, &stamp) == 0, stamp.tv_sec != 0 || stamp.tv_nsec != 0 else {
            return now
        }
        let stampNanos = UInt64(stamp.tv_sec) * 1_000_000_000 + UInt64(stamp.tv_nsec)
        let pending = UInt64(available) * 1_000_000_000 / UInt64(format.sampleRate)
        let estimate = stampNanos > pending ? stampNanos - pending : stampNanos
        // A timestamp from another clock, from the future, or older than the device's whole
        // buffer (plugins that stamp only the start) is no use: fall back to the read time.
        let bufferNanos = UInt64(Self.bufferPeriods + 1) * UInt64(format.periodFrames) * 1_000_000_000
            / UInt64(format.sampleRate)
        return estimate <= now && now - estimate <= bufferNanos ? estimate : now
    }

    private func convert(_ raw: UnsafeMutableRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        switch sampleFormat {
        case SND_PCM_FORMAT_FLOAT_LE:
            let source = raw.assumingMemoryBound(to: Float.self)
            for i in 0..<count { out[i] = source[i] }
        case SND_PCM_FORMAT_S16_LE:
            let source = raw.assumingMemoryBound(to: Int16.self)
            for i in 0..<count { out[i] = Float(source[i]) * (1 / 32768) }
        default:
            let source = raw.assumingMemoryBound(to: Int32.self)
            for i in 0..<count { out[i] = Float(source[i]) * (1 / 2_147_483_648) }
        }
    }

    private func configure(_ handle: OpaquePointer) throws(CaptureError) {
        var hw: OpaquePointer?
        snd_pcm_hw_params_malloc(&hw)
        guard let hw else { throw .cannotOpen(name: name, reason: "out of memory") }
        defer { snd_pcm_hw_params_free(hw) }
        func check(_ status: Int32, _ what: String) throws(CaptureError) {
            if status < 0 { throw .unsupportedFormat(name: name, detail: "\(what): \(Self.describe(status))") }
        }
        try check(snd_pcm_hw_params_any(handle, hw), "no configuration")
        try check(snd_pcm_hw_params_set_access(handle, hw, SND_PCM_ACCESS_RW_INTERLEAVED), "interleaved access")
        // 16-bit first: what headsets deliver natively, so no conversion layer sits in the path.
        let formats = [SND_PCM_FORMAT_S16_LE, SND_PCM_FORMAT_S32_LE, SND_PCM_FORMAT_FLOAT_LE]
        guard let chosen = formats.first(where: { snd_pcm_hw_params_test_format(handle, hw, $0) == 0 }) else {
            throw .unsupportedFormat(name: name, detail: "neither float, 16-bit nor 32-bit samples")
        }
        try check(snd_pcm_hw_params_set_format(handle, hw, chosen), "sample format")
        sampleFormat = chosen
        var channels = UInt32(preferredChannels)
        try check(snd_pcm_hw_params_set_channels_near(handle, hw, &channels), "channels")
        // Prefer a rate the hardware runs at natively; resample only if that is out of range,
        // or when another device's rate is required.
        snd_pcm_hw_params_set_rate_resample(handle, hw, requiredSampleRate == nil ? 0 : 1)
        var rate = UInt32(requiredSampleRate ?? preferredRate)
        var direction: Int32 = 0
        if snd_pcm_hw_params_set_rate_near(handle, hw, &rate, &direction) < 0
            || !AnalysisSettings.supportedSampleRates.contains(Int(rate))
        {
            try check(snd_pcm_hw_params_any(handle, hw), "no configuration")
            try check(snd_pcm_hw_params_set_access(handle, hw, SND_PCM_ACCESS_RW_INTERLEAVED), "interleaved access")
            try check(snd_pcm_hw_params_set_format(handle, hw, chosen), "sample format")
            try check(snd_pcm_hw_params_set_channels_near(handle, hw, &channels), "channels")
            snd_pcm_hw_params_set_rate_resample(handle, hw, 1)
            rate = UInt32(min(max(preferredRate, 8000), 48000))
            try check(snd_pcm_hw_params_set_rate_near(handle, hw, &rate, &direction), "sample rate")
        }
        var period = snd_pcm_uframes_t(Double(rate) * Self.periodSeconds)
        try check(snd_pcm_hw_params_set_period_size_near(handle, hw, &period, &direction), "period size")
        var buffer = period * snd_pcm_uframes_t(Self.bufferPeriods)
        try check(snd_pcm_hw_params_set_buffer_size_near(handle, hw, &buffer), "buffer size")
        try check(snd_pcm_hw_params(handle, hw), "applying the configuration")
        guard (1...2).contains(channels) else {
            throw .unsupportedFormat(name: name, detail: "\(channels) channels (ToneCoach takes mono or stereo)")
        }
        guard AnalysisSettings.supportedSampleRates.contains(Int(rate)) else {
            throw .unsupportedFormat(name: name, detail: "\(rate) Hz (ToneCoach analyses 8000 to 48000 Hz)")
        }
        format = CaptureFormat(sampleRate: Int(rate), channelCount: Int(channels), periodFrames: Int(period))

        var sw: OpaquePointer?
        snd_pcm_sw_params_malloc(&sw)
        guard let sw else { throw .cannotOpen(name: name, reason: "out of memory") }
        defer { snd_pcm_sw_params_free(sw) }
        try check(snd_pcm_sw_params_current(handle, sw), "software parameters")
        snd_pcm_sw_params_set_tstamp_mode(handle, sw, SND_PCM_TSTAMP_ENABLE)
        snd_pcm_sw_params_set_tstamp_type(handle, sw, SND_PCM_TSTAMP_TYPE_MONOTONIC)
        try check(snd_pcm_sw_params_set_start_threshold(handle, sw, 1), "start threshold")
        try check(snd_pcm_sw_params(handle, sw), "applying software parameters")
        try check(snd_pcm_prepare(handle), "preparing the device")
    }

    /// The names of the PCM devices ALSA offers for capture (as `arecord -L` lists them).
    public static func captureDeviceNames() -> [String] { captureDevices().map(\.name) }

    /// The capture devices ALSA knows, with their descriptions: the PCMs of `arecord -L`,
    /// then the sound cards' devices of `arecord -l` as `hw:CARD,DEVICE`.
    public static func captureDevices() -> [(name: String, description: String)] {
        silenceLibraryMessages()
        var found: [(String, String)] = []
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        if snd_device_name_hint(-1, "pcm", &hints) == 0, let hints {
            var index = 0
            while let hint = hints[index] {
                let name = takeString(snd_device_name_get_hint(hint, "NAME"))
                let description = takeString(snd_device_name_get_hint(hint, "DESC"))
                let direction = takeString(snd_device_name_get_hint(hint, "IOID"))
                if let name, direction == nil || direction == "Input" {
                    found.append((name, (description ?? "").replacingOccurrences(of: "\n", with: " — ")))
                }
                index += 1
            }
            snd_device_name_free_hint(hints)
        }
        var card: Int32 = -1
        while snd_card_next(&card) == 0 && card >= 0 {
            var control: OpaquePointer?
            guard snd_ctl_open(&control, "hw:\(card)", 0) == 0, let control else { continue }
            var info: OpaquePointer?
            snd_ctl_card_info_malloc(&info)
            var cardName = "card \(card)"
            if let info, snd_ctl_card_info(control, info) == 0 {
                cardName = String(cString: snd_ctl_card_info_get_name(info))
            }
            var pcmInfo: OpaquePointer?
            snd_pcm_info_malloc(&pcmInfo)
            var device: Int32 = -1
            while snd_ctl_pcm_next_device(control, &device) == 0 && device >= 0 {
                guard let pcmInfo else { break }
                snd_pcm_info_set_device(pcmInfo, UInt32(device))
                snd_pcm_info_set_subdevice(pcmInfo, 0)
                snd_pcm_info_set_stream(pcmInfo, SND_PCM_STREAM_CAPTURE)
                if snd_ctl_pcm_info(control, pcmInfo) == 0 {
                    let deviceName = String(cString: snd_pcm_info_get_name(pcmInfo))
                    found.append(("hw:\(card),\(device)", "\(cardName): \(deviceName)"))
                }
            }
            if let pcmInfo { snd_pcm_info_free(pcmInfo) }
            if let info { snd_ctl_card_info_free(info) }
            snd_ctl_close(control)
        }
        return found
    }

    private static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    static func describe(_ status: Int32) -> String { String(cString: snd_strerror(status)) }

    /// Why ALSA cannot read its configuration (a broken asoundrc, an ALSA_CONFIG_PATH naming a
    /// file that is not there), or nil when it can. Without it ALSA lists no device at all, not
    /// even `null`.
    public static func configurationProblem() -> String? {
        silenceLibraryMessages()
        let status = snd_config_update()
        return status < 0 ? describe(status) : nil
    }

    static func bytesPerSample(_ format: snd_pcm_format_t) -> Int {
        format == SND_PCM_FORMAT_S16_LE ? 2 : 4
    }
}
