import Coaching
import Core
import Engine

/// ToneCoach's wire format: one JSON object per line, as `--format jsonl` writes it, the live
/// page's Server-Sent Events carry it, and the contact-centre server will. Field names are
/// stable; fields may be added. README documents every object.
public struct JSONLineEncoder: Sendable {
    private let fileField: String
    private let channelFields: [String]
    private let sampleRate: Int
    private let format: String

    /// An encoder for one source: a file path or a device name, its channels' names in output
    /// order, its sample rate and a description of its encoding. `identity` adds fields that
    /// follow `file` on every line (the server's conversation and participant ids).
    public init(
        source: String, channelNames: [String], sampleRate: Int, format: String, identity: [(name: String, value: String)] = []
    ) {
        fileField = jsonString(source) + identity.map { ",\(jsonString($0.name)):\(jsonString($0.value))" }.joined()
        channelFields = channelNames.map(jsonString)
        self.sampleRate = sampleRate
        self.format = format
    }

    private func channel(_ index: Int) -> String {
        channelFields.indices.contains(index) ? channelFields[index] : "null"
    }

    /// `{"type":"cue","t":...,"channel":"agent","cue":"slow_down","message":"Slow down","value":...}`.
    public func cue(_ cue: Cue, message: String) -> String {
        "{\"type\":\"cue\",\"file\":\(fileField),\"t\":\(Number.format(cue.timeSeconds, decimals: 3)),"
            + "\"channel\":\(channel(cue.channel)),\"cue\":\(jsonString(cue.kind.identifier)),"
            + "\"message\":\(jsonString(message)),\"value\":\(Number.json(cue.value.isFinite ? Double(cue.value) : nil, decimals: 2))}"
    }

    /// `{"type":"conversation","kind":"dead_air","start_s":22.8,"end_s":29.3,"seconds":6.5}`.
    public func conversation(_ event: ConversationEvent) -> String {
        "{\"type\":\"conversation\",\"file\":\(fileField),\"kind\":\(jsonString(event.kind.identifier)),"
            + "\"start_s\":\(Number.format(event.startSeconds, decimals: 2)),"
            + "\"end_s\":\(Number.format(event.endSeconds, decimals: 2)),"
            + "\"seconds\":\(Number.format(event.seconds, decimals: 2))"
            + (event.kind == .customerUpset ? ",\"loudness_rise_lu\":\(Number.format(Double(event.value), decimals: 1))" : "")
            + "}"
    }

    /// `{"type":"warning","message":"samples up to +54 dBFS ..."}`.
    public func warning(_ text: String) -> String {
        "{\"type\":\"warning\",\"file\":\(fileField),\"message\":\(jsonString(text))}"
    }

    /// `{"type":"error","file":"call.wav","message":"..."}`: a file that could not be analysed
    /// (or not to its end), so a reader of the lines sees it failed rather than a silence.
    public static func error(source: String, reason: String) -> String {
        "{\"type\":\"error\",\"file\":\(jsonString(source)),\"message\":\(jsonString(reason))}"
    }

    /// `{"type":"event","t":...,"event":"disconnected","detail":...}`: what happened to a live source.
    public func event(_ name: String, t: Double, detail: String?) -> String {
        "{\"type\":\"event\",\"file\":\(fileField),\"t\":\(Number.format(t, decimals: 3)),\"event\":\(jsonString(name))"
            + (detail.map { ",\"detail\":\(jsonString($0))" } ?? "") + "}"
    }

    /// `{"type":"live",...}`: a live session's statistics.
    public func statistics(_ s: LiveStatistics) -> String {
        "{\"type\":\"live\",\"file\":\(fileField),\"hops\":\(s.hops),"
            + "\"analysis_delay_ms\":\(Number.json(s.analysisDelayMilliseconds, decimals: 1)),"
            + "\"latency_p50_ms\":\(Number.json(s.latencyP50Milliseconds, decimals: 3)),"
            + "\"latency_p99_ms\":\(Number.json(s.latencyP99Milliseconds, decimals: 3)),"
            + "\"latency_max_ms\":\(Number.json(s.latencyMaxMilliseconds, decimals: 3)),"
            + "\"overruns\":\(s.overruns),\"suspends\":\(s.suspends),\"dropped_samples\":\(s.droppedSamples),"
            + "\"gaps\":\(s.gaps),\"gap_s\":\(Number.format(s.gapSeconds, decimals: 3)),"
            + "\"dropped_frames\":\(s.droppedFrames),\"disconnects\":\(s.disconnects),\"reconnects\":\(s.reconnects)}"
    }

    /// `{"type":"frame",...}`: one hop of one channel.
    public func frame(channel index: Int, _ frame: ProsodyFrame) -> String {
        let f0 = Number.json(frame.f0Hz.map(Double.init), decimals: 2)
        return "{\"type\":\"frame\",\"file\":\(fileField),\"t\":\(Number.format(frame.timeSeconds, decimals: 3)),"
            + "\"channel\":\(channel(index)),\"f0_hz\":\(f0),\"voiced\":\(frame.isVoiced),"
            + "\"speech\":\(frame.isSpeech),\"dbfs\":\(Number.format(Double(frame.levelDBFS), decimals: 2)),"
            + "\"loudness_lufs_momentary\":\(Number.json(frame.loudnessMomentaryLUFS.map(Double.init), decimals: 2)),"
            + "\"loudness_lufs_short_term\":\(Number.json(frame.loudnessShortTermLUFS.map(Double.init), decimals: 2)),"
            + "\"clarity\":\(Number.format(Double(frame.voicingClarity), decimals: 3)),"
            + "\"pitch_st\":\(Number.json(frame.pitchSemitones.map(Double.init), decimals: 2)),"
            + "\"pitch_variability_st\":\(Number.json(frame.pitchVariabilitySemitones.map(Double.init), decimals: 2)),"
            + "\"articulation_rate_syllables_per_s\":"
            + "\(Number.json(frame.articulationRateSyllablesPerSecond.map(Double.init), decimals: 2)),"
            + "\"syllable\":\(frame.isSyllableNucleus)}"
    }

    /// `{"type":"summary",...}`: one channel's figures for the whole call.
    public func summary(channel index: Int, _ s: ChannelSummary) -> String {
        "{\"type\":\"summary\",\"file\":\(fileField),\"channel\":\(channel(index)),"
            + "\"sample_rate_hz\":\(sampleRate),\"format\":\(jsonString(format)),"
            + "\"duration_s\":\(Number.format(s.durationSeconds, decimals: 3)),"
            + "\"speech_s\":\(Number.format(s.speechSeconds, decimals: 2)),"
            + "\"loudness_integrated_lufs\":\(Number.json(s.loudnessIntegratedLUFS, decimals: 2)),"
            + "\"speech_rate_syllables_per_s\":\(Number.format(s.speechRateSyllablesPerSecond, decimals: 2)),"
            + "\"articulation_rate_syllables_per_s\":"
            + "\(Number.json(s.articulationRateSyllablesPerSecond, decimals: 2)),"
            + "\"syllables\":\(s.syllables),"
            + "\"pitch_median_hz\":\(Number.json(s.pitchMedianHz, decimals: 1)),"
            + "\"pitch_std_semitones\":\(Number.json(s.pitchStdSemitones, decimals: 2)),"
            + "\"pauses\":\(s.pauses),\"pause_mean_s\":\(Number.json(s.pauseMeanSeconds, decimals: 2))}"
    }

    /// `{"type":"status","t":...,"activity":"talking","pace":"good","volume":"good","voice":"lively"}`:
    /// what the live page's strip shows, as identifiers (the page words them in its language).
    public func status(_ status: LiveStatus) -> String {
        func field(_ name: String, _ value: String?) -> String { "\"\(name)\":" + (value.map(jsonString) ?? "null") }
        return "{\"type\":\"status\",\"file\":\(fileField),\"t\":\(Number.format(status.timeSeconds, decimals: 3)),"
            + [field("activity", status.activity.rawValue), field("pace", status.pace?.rawValue),
               field("volume", status.volume?.rawValue), field("voice", status.voice?.rawValue)].joined(separator: ",")
            + "}"
    }
}
