import NIOCore
import Synchronization

/// What the live session tells every page and client that listens, as Server-Sent Events: each
/// event is named (`cue`, `frame`, `status`, `summary`) and carries one JSON line of the
/// `--format jsonl` schema. A client that connects mid-call first receives the current state —
/// the status, and the cue on screen if it is still held — so a page opened late shows what the
/// agent should see now.
///
/// Publishing never blocks the session: each client has a bounded queue that keeps the newest
/// events, so a stalled browser costs memory for 256 events at most and never slows the call.
public final class LiveBroadcast: Sendable {
    /// How long, in call time, a cue stays on screen (and is replayed to a page that connects).
    public let cueHoldSeconds: Double
    /// Events kept per client while it is slow to read.
    public static let clientQueueLength = 256

    private struct State {
        var clients: [Int: AsyncStream<ByteBuffer>.Continuation] = [:]
        var nextClient = 0
        var status: String?
        var cue: (event: String, timeSeconds: Double)?
        var latestTimeSeconds = 0.0
        var summaries: [String] = []
        var ended = false
    }
    private let state = Mutex(State())

    public init(cueHoldSeconds: Double = 6) {
        self.cueHoldSeconds = cueHoldSeconds
    }

    /// The number of connected clients.
    public var clientCount: Int { state.withLock { $0.clients.count } }

    /// A new client's stream of events, starting with the current state.
    public func subscribe() -> AsyncStream<ByteBuffer> {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream(
            bufferingPolicy: .bufferingNewest(Self.clientQueueLength))
        // Tell EventSource to retry quickly when the session restarts.
        continuation.yield(ByteBuffer(string: "retry: 1000\n\n"))
        let id = state.withLock { state -> Int in
            if let status = state.status { continuation.yield(Self.event("status", status)) }
            if let cue = state.cue, state.latestTimeSeconds - cue.timeSeconds < cueHoldSeconds {
                continuation.yield(Self.event("cue", cue.event))
            }
            for summary in state.summaries { continuation.yield(Self.event("summary", summary)) }
            let id = state.nextClient
            state.nextClient += 1
            if state.ended {
                continuation.finish()
            } else {
                state.clients[id] = continuation
            }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.clients.removeValue(forKey: id) }
        }
        return stream
    }

    /// A cue at call time `timeSeconds`: shown now, and replayed to late clients while held.
    public func cue(_ json: String, timeSeconds: Double) {
        publish("cue", json, timeSeconds: timeSeconds) { $0.cue = (json, timeSeconds) }
    }

    /// The strip's status.
    public func status(_ json: String, timeSeconds: Double) {
        publish("status", json, timeSeconds: timeSeconds) { $0.status = json }
    }

    /// A frame (the caller keeps these to a couple per second).
    public func frame(_ json: String, timeSeconds: Double) {
        publish("frame", json, timeSeconds: timeSeconds) { _ in }
    }

    /// One channel's summary at the end of the session.
    public func summary(_ json: String) {
        publish("summary", json, timeSeconds: nil) { $0.summaries.append(json) }
    }

    /// The session is over: every client's stream ends (browsers reconnect, and get the
    /// summaries, for as long as the server runs).
    public func finish() {
        let clients = state.withLock { state -> [AsyncStream<ByteBuffer>.Continuation] in
            state.ended = true
            defer { state.clients = [:] }
            return Array(state.clients.values)
        }
        for client in clients { client.finish() }
    }

    private func publish(_ name: String, _ json: String, timeSeconds: Double?, remember: (inout State) -> Void) {
        let event = Self.event(name, json)
        state.withLock { state in
            remember(&state)
            if let timeSeconds { state.latestTimeSeconds = max(state.latestTimeSeconds, timeSeconds) }
            for client in state.clients.values { client.yield(event) }
        }
    }

    /// One Server-Sent Event. The JSON is one line, so one `data:` field carries it.
    static func event(_ name: String, _ json: String) -> ByteBuffer {
        ByteBuffer(string: "event: \(name)\ndata: \(json)\n\n")
    }
}
