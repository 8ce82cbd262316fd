import Dispatch
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The live page's HTTP server: `GET /` the agent's page, `GET /events` the session's
/// Server-Sent Events (``LiveBroadcast``), `GET /healthz`. It runs on its own threads
/// (SwiftNIO's), beside the session; the session only publishes into the broadcast.
public final class LivePageServer: Sendable {
    /// The address the server listens on, once started (the port is the real one when 0 was asked).
    public let host: String
    public let port: Int
    private let task: Task<Void, Never>

    private init(host: String, port: Int, task: Task<Void, Never>) {
        self.host = host
        self.port = port
        self.task = task
    }

    /// Starts serving `page` and `broadcast` on `host:port` and returns once the port is bound;
    /// throws a plain reason when it cannot be (port in use, an address this machine lacks).
    public static func start(host: String, port: Int, page: String, broadcast: LiveBroadcast) async throws(LivePageError)
        -> LivePageServer
    {
        let router = Router()
        let html = ByteBuffer(string: page)
        router.get("/") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: html))
        }
        router.get("/events") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: .init(asyncSequence: broadcast.subscribe()))
        }
        router.get("/healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\",\"clients\":\(broadcast.clientCount)}\n")))
        }
        var logger = Logger(label: "tonecoach.live-page")
        logger.logLevel = .critical  // its shutdown notes are not the agent's business
        let (outcomes, outcome) = AsyncStream<Result<Int, any Error>>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "ToneCoach"),
            onServerRunning: { channel in outcome.yield(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
        let task = Task {
            do {
                // No signal handling here: the session owns Ctrl-C and ends the process.
                try await app.runService(gracefulShutdownSignals: [])
            } catch {
                outcome.yield(.failure(error))
            }
        }
        var first: Result<Int, any Error>?
        for await result in outcomes {
            first = result
            break
        }
        switch first {
        case .success(let bound):
            return LivePageServer(host: host, port: bound, task: task)
        case .failure(let error):
            task.cancel()
            throw .cannotListen(address: "\(host):\(port)", reason: explain(error))
        case nil:
            task.cancel()
            throw .cannotListen(address: "\(host):\(port)", reason: "the server stopped before it started")
        }
    }

    /// ``start(host:port:page:broadcast:)`` for a caller outside Swift concurrency (the CLI's
    /// main thread), waiting at most `seconds`.
    public static func startBlocking(
        host: String, port: Int, page: String, broadcast: LiveBroadcast, seconds: Double = 10
    ) throws(LivePageError) -> LivePageServer {
        let box = Mutex<Result<LivePageServer, LivePageError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(LivePageError) {
                let server = try await start(host: host, port: port, page: page, broadcast: broadcast)
                box.withLock { $0 = .success(server) }
            } catch {
                box.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success, let result = box.withLock({ $0 }) else {
            throw .cannotListen(address: "\(host):\(port)", reason: "the server did not start within \(Int(seconds)) s")
        }
        return try result.get()
    }

    /// Stops serving.
    public func stop() { task.cancel() }

    /// The page's address, for the agent's browser.
    public var url: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown == "0.0.0.0" ? "127.0.0.1" : shown):\(port)/"
    }

    public static func explain(_ error: any Error) -> String {
        if let io = error as? IOError {
            switch io.errnoCode {
            case EADDRINUSE: return "the port is already in use (another ToneCoach, or another program)"
            case EACCES: return "permission denied (ports below 1024 need privileges)"
            case EADDRNOTAVAIL: return "this machine has no such address"
            default: return String(cString: strerror(io.errnoCode)).lowercased()
            }
        }
        let text = "\(error)"
        if text.contains("NIOConnectionError") || text.contains("resolve") || text.contains("host") {
            return "the host name cannot be resolved"
        }
        return text
    }
}

/// Why the live page cannot be served.
public enum LivePageError: Error, Equatable, CustomStringConvertible {
    case cannotListen(address: String, reason: String)

    public var description: String {
        switch self {
        case .cannotListen(let address, let reason): return "cannot serve the live page on \(address): \(reason)"
        }
    }
}
