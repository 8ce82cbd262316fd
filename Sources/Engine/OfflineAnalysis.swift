import AudioIO
import Core
import Prosody

/// Analyses one recording as fast as the machine allows, streaming it in blocks through the
/// same ``ProsodyAnalyzer`` chain the live engine uses: memory stays flat however long the call.
public final class OfflineAnalysis {
    /// Frames decoded per block.
    public static let blockFrames = 4096

    /// The opened recording.
    public let reader: AudioFileReader
    /// The analysed channels: file channel index and name, in file order.
    public let channels: [(index: Int, name: String)]
    private let analyzers: [ProsodyAnalyzer]

    /// The names ToneCoach gives a recording's channels when none are given: "mono" for one,
    /// "agent" (left) and "customer" (right) for two.
    public static func defaultChannelNames(channelCount: Int) -> [String?] {
        channelCount == 1 ? ["mono"] : ["agent", "customer"]
    }

    /// Opens `path` and builds one chain per analysed channel. `channelNames` lists a name per
    /// file channel in order (nil skips that channel); nil uses ``defaultChannelNames(channelCount:)``.
    public init(path: String, channelNames: [String?]? = nil, settings: AnalysisSettings = AnalysisSettings())
        throws(AnalysisError)
    {
        do {
            reader = try AudioFileReader(path: path)
        } catch {
            throw .audio(error)
        }
        let names = channelNames ?? Self.defaultChannelNames(channelCount: reader.channelCount)
        guard names.count == reader.channelCount else {
            throw .channelNamesMismatch(path: path, names: names.count, channels: reader.channelCount)
        }
        channels = names.enumerated().compactMap { index, name in name.map { (index, $0) } }
        guard !channels.isEmpty else { throw .noChannelSelected(path: path) }
        var built: [ProsodyAnalyzer] = []
        for _ in channels {
            do {
                built.append(try ProsodyAnalyzer(sampleRate: reader.sampleRate, settings: settings))
            } catch {
                throw .settings(path: path, error)
            }
        }
        analyzers = built
    }

    /// Streams the whole file through the chains. `onFrame` receives (position in ``channels``,
    /// frame) in time order, channels interleaved hop by hop. Returns one summary per channel.
    public func run(onFrame: (Int, ProsodyFrame) -> Void) throws(AnalysisError) -> [ChannelSummary] {
        let channelCount = reader.channelCount
        let block = Self.blockFrames
        let interleaved = UnsafeMutablePointer<Float>.allocate(capacity: block * channelCount)
        let planar = UnsafeMutablePointer<Float>.allocate(capacity: block)
        defer {
            interleaved.deallocate()
            planar.deallocate()
        }
        // Frames of each channel for one block, so that channels can be emitted hop by hop in time order.
        let hopsPerBlock = block / analyzers[0].hopSamples + 2
        var pending = [[ProsodyFrame]](repeating: [], count: analyzers.count)
        for i in pending.indices { pending[i].reserveCapacity(hopsPerBlock) }

        while true {
            let frames: Int
            do {
                frames = try reader.read(into: interleaved, frames: block)
            } catch {
                throw .audio(error)
            }
            if frames == 0 { break }
            for (position, channel) in channels.enumerated() {
                for i in 0..<frames { planar[i] = interleaved[i * channelCount + channel.index] }
                analyzers[position].process(UnsafeBufferPointer(start: planar, count: frames)) { frame in
                    pending[position].append(frame)
                }
            }
            let hops = pending[0].count
            for hop in 0..<hops {
                for position in pending.indices { onFrame(position, pending[position][hop]) }
            }
            for i in pending.indices { pending[i].removeAll(keepingCapacity: true) }
        }
        return analyzers.map { $0.summary() }
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
