import AudioIO
import Coaching
import Core
import Prosody

/// Analyses one recording as fast as the machine allows, streaming it in blocks through the
/// same ``ProsodyAnalyzer`` chain the live engine uses: memory stays flat however long the call.
public final class OfflineAnalysis {
    /// Frames decoded per block.
    public static let blockFrames = 4096

    /// The opened recording.
    public let reader: AudioFileReader
    /// The analysed channels (file channel index, name and role), in file order.
    public let channels: [CallChannel]
    private let analyzer: CallAnalyzer
    private let cueSettings: LiveCueSettings
    private var sampleRange = SampleRangeCheck()
    /// Set when both channels of a two-channel recording are analysed.
    private var identicalChannels: IdenticalChannelsCheck?

    /// What was wrong with the samples themselves, found by ``run(onFrame:onCue:onEvent:)``:
    /// values beyond full scale, NaN or infinity (analysed as the chain reads them, never fatal),
    /// and two channels that are one.
    public var sampleWarnings: [String] { sampleRange.warnings + (identicalChannels?.warning.map { [$0] } ?? []) }

    /// The position (in ``channels``) whose voice is coached: the channel named "agent", or the
    /// only channel of a mono recording; nil when neither applies (cues are the agent's).
    public var coachedChannel: Int? { channels.firstIndex { $0.role == .agent } }

    /// The names ToneCoach gives a recording's channels when none are given: "mono" for one,
    /// "agent" (left) and "customer" (right) for two.
    public static func defaultChannelNames(channelCount: Int) -> [String?] {
        channelCount == 1 ? ["mono"] : ["agent", "customer"]
    }

    /// Opens `path` and builds one chain per analysed channel. `channelNames` lists a name per
    /// file channel in order (nil skips that channel); nil uses ``defaultChannelNames(channelCount:)``.
    public init(
        path: String, channelNames: [String?]? = nil, settings: AnalysisSettings = AnalysisSettings(),
        cues: LiveCueSettings = LiveCueSettings()
    ) throws(AnalysisError) {
        cueSettings = cues
        do {
            reader = try AudioFileReader(path: path)
        } catch {
            throw .audio(error)
        }
        let names = channelNames ?? Self.defaultChannelNames(channelCount: reader.channelCount)
        guard names.count == reader.channelCount else {
            throw .channelNamesMismatch(path: path, names: names.count, channels: reader.channelCount)
        }
        channels = CallChannel.selecting(names: names)
        guard !channels.isEmpty else { throw .noChannelSelected(path: path) }
        if reader.channelCount == 2 && channels.count == 2 { identicalChannels = IdenticalChannelsCheck() }
        do {
            analyzer = try CallAnalyzer(
                sampleRate: reader.sampleRate, inputChannelCount: reader.channelCount,
                analysedChannels: channels.map(\.inputIndex), settings: settings, blockFrames: Self.blockFrames)
        } catch {
            throw .settings(path: path, error)
        }
    }

    /// Streams the whole file through the chains. `onFrame` receives (position in ``channels``,
    /// frame) in time order, channels interleaved hop by hop; `onCue` the cues the live coach
    /// would have shown the agent; `onEvent` the conversation events of a two-sided call as
    /// each finishes. Returns one summary per channel.
    public func run(
        onFrame: (Int, ProsodyFrame) -> Void, onCue: (Cue) -> Void = { _ in },
        onEvent: (ConversationEvent) -> Void = { _ in }
    ) throws(AnalysisError) -> [ChannelSummary] {
        var coach = HopCoach(
            settings: cueSettings, hopSeconds: Double(analyzer.hopSamples) / Double(reader.sampleRate),
            speechOffsetLagSeconds: analyzer.speechOffsetLagSeconds, roles: channels.map(\.role))
        func take(_ position: Int, _ frame: ProsodyFrame) {
            onFrame(position, frame)
            if let cue = coach.take(position: position, frame: frame) { onCue(cue) }
            while let event = coach.takeEvent() { onEvent(event) }
        }
        let block = Self.blockFrames
        let interleaved = UnsafeMutablePointer<Float>.allocate(capacity: block * reader.channelCount)
        defer { interleaved.deallocate() }
        while true {
            let frames: Int
            do {
                frames = try reader.read(into: interleaved, frames: block)
            } catch {
                throw .audio(error)
            }
            if frames == 0 { break }
            sampleRange.scan(UnsafeBufferPointer(start: interleaved, count: frames * reader.channelCount))
            identicalChannels?.scan(UnsafeBufferPointer(start: interleaved, count: frames * 2), frames: frames)
            analyzer.process(
                interleaved: UnsafeBufferPointer(start: interleaved, count: frames * reader.channelCount)
            ) { position, frame in take(position, frame) }
        }
        analyzer.finish { position, frame in take(position, frame) }
        coach.finish()
        while let event = coach.takeEvent() { onEvent(event) }
        return analyzer.summaries()
    }
}

/// Why a recording could not be analysed.
public enum AnalysisError: Error, Equatable, CustomStringConvertible {
    case audio(AudioFileError)
    case settings(path: String, SettingsError)
    case channelNamesMismatch(path: String, names: Int, channels: Int)
    case noChannelSelected(path: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .audio(let error): return error.path
        case .settings(let path, _), .channelNamesMismatch(let path, _, _), .noChannelSelected(let path):
            return path
        }
    }

    /// The reason alone.
    public var reason: String {
        switch self {
        case .audio(let error): return error.reason
        case .settings(_, let error): return error.description
        case .channelNamesMismatch(_, let names, let channels):
            return "--channels names \(names) channel\(names == 1 ? "" : "s") but the file has \(channels)"
        case .noChannelSelected: return "--channels skips every channel; nothing to analyse"
        }
    }

    public var description: String { "\(path): \(reason)" }
}
