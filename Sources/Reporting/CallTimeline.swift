import Core

/// The call's frames reduced to buckets: at most ~1500 per channel for a recording of known
/// length, 100 ms each (growing as it goes) for a live call.
public struct CallTimeline: Sendable {
    public struct Bucket: Sendable {
        public var f0Sum = 0.0, f0Count = 0
        public var loudnessSum = 0.0, loudnessCount = 0
        public var rate: Double? = nil
        public var speechHops = 0, hops = 0
    }

    public let channels: [String]
    public private(set) var durationSeconds: Double
    public let bucketSeconds: Double
    public private(set) var buckets: [[Bucket]]
    /// Hops where two channels spoke at once, per bucket.
    public private(set) var overlap: [Int]
    private var hopSpeech: [Bool]

    public init(channels: [String], durationSeconds: Double?) {
        self.channels = channels
        self.durationSeconds = durationSeconds ?? 0
        bucketSeconds = max(0.1, (durationSeconds ?? 0) / 1500)
        let count = Int(((durationSeconds ?? 0) / bucketSeconds).rounded(.up)) + 1
        buckets = Array(repeating: Array(repeating: Bucket(), count: count), count: channels.count)
        overlap = Array(repeating: 0, count: count)
        hopSpeech = Array(repeating: false, count: channels.count)
    }

    public mutating func add(position: Int, frame: ProsodyFrame) {
        let index = Int(frame.timeSeconds / bucketSeconds)
        while index >= overlap.count {
            for c in buckets.indices { buckets[c].append(Bucket()) }
            overlap.append(0)
        }
        durationSeconds = max(durationSeconds, frame.timeSeconds)
        var bucket = buckets[position][index]
        bucket.hops += 1
        if frame.isSpeech { bucket.speechHops += 1 }
        if frame.isSpeech, let f0 = frame.f0Hz {
            bucket.f0Sum += Double(f0)
            bucket.f0Count += 1
        }
        if let loudness = frame.loudnessMomentaryLUFS {
            bucket.loudnessSum += Double(loudness)
            bucket.loudnessCount += 1
        }
        if let rate = frame.articulationRateSyllablesPerSecond { bucket.rate = Double(rate) }
        buckets[position][index] = bucket
        hopSpeech[position] = frame.isSpeech
        if position == channels.count - 1 && channels.count == 2 && hopSpeech[0] && hopSpeech[1] {
            overlap[index] += 1
        }
    }
}
