import AudioHook
import CMalloc
import Coaching
import Core
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import LivePage
import Logging
import NIOCore
import Reporting
import ServiceLifecycle
import Synchronization

/// The contact-centre server: AudioHook v2 calls over WebSocket at `/api/v1/audiohook/ws`,
/// each coached by its own ``CallPipeline`` on a shared ``AnalysisPool``; the agent's page per
/// call, the supervisor's list, Prometheus metrics and a health check over HTTP; each ended
/// call's summaries, cues and conversation events as JSON Lines. Audio is never written.
public final class AudioHookServer: Sendable {
    public static let audioHookPath = "/api/v1/audiohook/ws"
    /// How long a client has to answer `disconnect` with `close`.
    static let closeWaitSeconds = 5
    let configuration: ServerConfiguration
    let registry = CallRegistry()
    let pool: AnalysisPool
    let metrics = ServerMetrics()
    let writer: SummaryWriter
    /// Calls whose summaries could not be written so far (a full disk, a closed output).
    public var summaryWriteFailures: Int { writer.failures.load(ordering: .relaxed) }
    let verifier: SignatureVerifier
    let drain = SessionDrain(waitSeconds: AudioHookServer.closeWaitSeconds + 1)
    let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger) throws(ServerError) {
        self.configuration = configuration
        self.logger = logger
        writer = try SummaryWriter(path: configuration.summariesPath)
        verifier = SignatureVerifier(keys: configuration.keys)
        pool = AnalysisPool(threadCount: configuration.analysisThreads, maximumCalls: configuration.maxCalls)
    }

    /// Serves until SIGTERM or SIGINT; then asks every open session's client to end (a
    /// `disconnect`) and waits for it, stops accepting, ends every call still open with its
    /// summaries written, and returns. `onRunning` receives the bound port.
    public func run(onRunning: @escaping @Sendable (Int) -> Void = { _ in }) async throws(ServerError) {
        // Hummingbird's HTTP/1 channel with its WebSocket upgrade, behind a deadline for the
        // request head: a connection that never completes one is closed before it holds a
        // socket for ever (a plain HTTP connection idle between requests is closed too).
        let webSocketResponder = webSocketRouter().buildResponder()
        let channelConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: .milliseconds(Int64(configuration.idleHTTPSeconds * 1000))),
            ws: .init(maxFrameSize: 1 << 20, closeTimeout: .seconds(3), validateUTF8: true))
        let headDeadline = TimeAmount.milliseconds(Int64(configuration.requestHeadSeconds * 1000))
        let app = Application(
            router: httpRouter(),
            server: HTTPServerBuilder { responder in
                GuardedChildChannel(
                    inner: HTTP1WebSocketUpgradeChannel(
                        responder: responder, webSocketResponder: webSocketResponder, configuration: channelConfiguration),
                    deadline: headDeadline)
            },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ToneCoach"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        let publishing = Task { await publishLoop() }
        let group = ServiceGroup(
            configuration: .init(services: [app, drain], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        var failure: (any Error)?
        do {
            try await group.run()
        } catch {
            failure = error
        }
        // Stopped accepting; the connections have ended, so every call's input has ended. From
        // here this task alone publishes (a call's output side is one thread's at a time).
        publishing.cancel()
        await publishing.value
        for call in registry.all { call.endInput(); pool.schedule(call) }
        let deadline = Date().addingTimeInterval(3)
        while registry.count > 0 && Date() < deadline {
            publishAll()
            try? await Task.sleep(for: .milliseconds(20))
        }
        publishAll()
        pool.stop()
        if let failure {
            throw .cannotListen(
                address: "\(configuration.host):\(configuration.port)", reason: LivePageServer.explain(failure))
        }
    }

    // MARK: Publishing (one task: formats JSON, feeds pages, writes summaries)

    private func publishLoop() async {
        // Ticks since the last call ended with none open; nil when there is nothing to give back.
        var idleTicks: Int?
        while !Task.isCancelled {
            if publishAll() > 0 { idleTicks = 0 }
            if let ticks = idleTicks {
                if registry.count > 0 {
                    idleTicks = nil  // given back when the calls now open have ended
                } else if ticks >= 20 {
                    // Two seconds after the last call ended (its connection has let go of it),
                    // give the calls' memory back: glibc keeps freed memory in each thread's
                    // arena, so a burst of calls would otherwise leave the server at its peak.
                    malloc_trim(0)
                    idleTicks = nil
                } else {
                    idleTicks = ticks + 1
                }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Publishes every call's news and writes out the calls that ended; returns how many ended.
    @discardableResult
    private func publishAll() -> Int {
        for call in registry.all {
            for cue in call.publish() { metrics.cue(cue.kind) }
            let peak = call.pipeline.counters.latencyPeakNanos.exchange(0, ordering: .relaxed)
            if peak > 0 { metrics.analysisLag.record(Double(peak) / 1e9) }
        }
        var ended = 0
        while let call = pool.finished.pop() {
            ended += 1
            let (lines, lastCues) = call.finish()
            for cue in lastCues { metrics.cue(cue.kind) }
            if let reason = writer.write(lines) {
                metrics.summaryWriteFailures.increment()
                logger.error(
                    "could not write a call's summaries", metadata: ["conversation": "\(call.call.conversationId)", "why": "\(reason)"])
            }
            let counters = call.pipeline.counters
            metrics.droppedAudioSeconds.increment(
                by: Double(counters.droppedSamples.load(ordering: .relaxed)) / Double(call.call.media.rate * call.call.media.channels.count))
            registry.remove(call)
            call.published.store(true, ordering: .releasing)
            metrics.callsClosed.increment()
            metrics.activeCalls.set(to: Double(registry.count))
            logger.info("call ended", metadata: ["conversation": "\(call.call.conversationId)"])
        }
        return ended
    }

    // MARK: HTTP

    private func httpRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.head("/healthz") { _, _ in
            // Load balancers often check with HEAD: the same status, no body.
            Response(status: self.drain.isDraining ? .serviceUnavailable : .ok)
        }
        router.get("/healthz") { _, _ in
            // Shutting down: still answering, but a load balancer should send no new calls.
            let draining = self.drain.isDraining
            return Self.json(
                "{\"status\":\"\(draining ? "draining" : "ok")\",\"calls\":\(self.registry.count)}\n",
                status: draining ? .serviceUnavailable : .ok)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: self.metrics.text())))
        }
        router.get("/calls") { request, _ in
            guard self.hasAPIKey(request) else { return Self.unauthorized() }
            let calls = self.registry.all.sorted { $0.openedAt < $1.openedAt }.map { call in
                let status = call.currentStatus
                return "{\"conversation_id\":\(jsonString(call.call.conversationId)),"
                    + "\"participant_id\":\(jsonString(call.call.participantId)),"
                    + "\"t\":\(String(format: "%.1f", status.timeSeconds)),\"activity\":\"\(status.activity.rawValue)\","
                    + "\"pace\":\(status.pace.map { "\"\($0.rawValue)\"" } ?? "null"),"
                    + "\"volume\":\(status.volume.map { "\"\($0.rawValue)\"" } ?? "null"),"
                    + "\"voice\":\(status.voice.map { "\"\($0.rawValue)\"" } ?? "null"),"
                    + "\"page\":\(jsonString("/calls/" + call.call.conversationId))}"
            }
            return Self.json("{\"calls\":[" + calls.joined(separator: ",") + "]}\n")
        }
        router.get("/calls/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard AudioHookSession.isUUID(id), self.registry.call(id) != nil else { return Self.notFound() }
            let page = LivePageHTML.page(
                language: self.configuration.language, holdSeconds: self.configuration.cueHoldSeconds,
                events: "/calls/\(id.lowercased())/events")
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        router.get("/calls/{id}/events") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard AudioHookSession.isUUID(id), let call = self.registry.call(id) else { return Self.notFound() }
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: .init(asyncSequence: call.broadcast.subscribe()))
        }
        return router
    }

    /// The supervisor's list needs an API key from the key file (X-API-KEY or a Bearer token).
    private func hasAPIKey(_ request: Request) -> Bool {
        var key = request.headers[HTTPField.Name("X-API-KEY")!]
        if key == nil, let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            key = String(authorization.dropFirst(7))
        }
        guard let key else { return false }
        return configuration.keys.secret(for: key) != nil
    }

    // MARK: AudioHook

    private func webSocketRouter() -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws(
            RouterPath(stringLiteral: Self.audioHookPath),
            shouldUpgrade: { request, _ in
                let started = ContinuousClock.now
                if let failure = self.authenticate(request) {
                    self.metrics.authenticationFailures.increment()
                    self.logger.notice("refused an AudioHook connection", metadata: ["why": "\(failure)"])
                    // Every refusal takes the same least time, whatever failed.
                    try? await Task.sleep(until: started + .milliseconds(Int(self.configuration.refusalDelaySeconds * 1000)))
                    return .dontUpgrade
                }
                return .upgrade([:])
            },
            onUpgrade: { inbound, outbound, context in
                try await self.serve(inbound: inbound, outbound: outbound, request: context.request)
            })
        return router
    }

    private func authenticate(_ request: Request) -> AuthenticationFailure? {
        let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        let signed = SignedRequest(
            target: request.uri.description, authority: request.head.authority ?? "",
            headers: headers)
        guard let session = signed.header("audiohook-session-id"), AudioHookSession.isUUID(session),
            let organization = signed.header("audiohook-organization-id"), AudioHookSession.isUUID(organization)
        else { return .componentMissing("audiohook-session-id or audiohook-organization-id") }
        switch verifier.verify(signed, now: Date().timeIntervalSince1970) {
        case .success: return nil
        case .failure(let failure): return failure
        }
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, request: Request) async throws {
        // The session is shared with the shutdown handler, which may ask the client to end.
        let session = Mutex(
            AudioHookSession(
                sessionId: request.headers[HTTPField.Name("Audiohook-Session-Id")!] ?? "",
                organizationId: request.headers[HTTPField.Name("Audiohook-Organization-Id")!] ?? "",
                now: MonotonicClock.nanoseconds()))
        var call: ServedCall?
        let closeWait = Duration.seconds(Self.closeWaitSeconds)

        /// After a disconnect the client should answer with close; one that does not is closed on.
        @Sendable func closeUnlessAnswered() {
            Task {
                try? await Task.sleep(for: closeWait)
                try? await outbound.close(.policyViolation, reason: "no close after disconnect")
            }
        }

        func perform(_ actions: [AudioHookAction]) async throws -> Bool {
            for action in actions {
                switch action {
                case .send(let text):
                    try await outbound.write(.text(text))
                    if text.contains("\"type\":\"disconnect\"") {
                        if let problem = session.withLock({ $0.problem }) {
                            metrics.protocolErrors.increment()
                            logger.notice("ended an AudioHook session", metadata: ["why": "\(problem)"])
                        }
                        closeUnlessAnswered()
                    }
                case .startCall(let opened):
                    do {
                        let served = try ServedCall(
                            call: opened, settings: configuration.settings, cues: configuration.cues,
                            message: configuration.message, ringSeconds: configuration.bufferSeconds,
                            cueHoldSeconds: configuration.cueHoldSeconds)
                        switch registry.add(served, limit: configuration.maxCalls) {
                        case .admitted:
                            break
                        case .full:
                            metrics.rejectedCalls.increment()
                            let refusal = session.withLock {
                                $0.disconnect(reason: "error", info: "the server is at capacity; try again later")
                            }
                            return try await perform(refusal)
                        case .duplicate:
                            let refusal = session.withLock {
                                $0.disconnect(reason: "error", info: "this conversation is already being streamed")
                            }
                            return try await perform(refusal)
                        }
                        call = served
                        metrics.callsOpened.increment()
                        metrics.activeCalls.set(to: Double(registry.count))
                        logger.info("call opened", metadata: ["conversation": "\(opened.conversationId)"])
                    } catch {
                        return try await perform(session.withLock { $0.disconnect(reason: "error", info: "\(error)") })
                    }
                case .gap(let seconds):
                    if let call {
                        call.gap(seconds: seconds)
                        metrics.gapSeconds.increment(by: seconds)
                        pool.schedule(call)
                    }
                case .finishCall:
                    if let call { await finish(call) }
                case .closeConnection:
                    return false
                }
            }
            return true
        }

        // On shutdown the drain asks the client to end the session; its close ends the call.
        let drainKey = drain.add {
            let actions = session.withLock { $0.disconnect(reason: "completed", info: "the server is shutting down") }
            guard !actions.isEmpty else { return }
            for case .send(let text) in actions { try? await outbound.write(.text(text)) }
            closeUnlessAnswered()
        }
        defer { drain.remove(drainKey) }
        // A session that stalls (no open, or no audio while active; pings are no progress) is
        // asked to end, so a stuck or hostile client cannot hold a call slot. The call itself
        // ends here, in this loop, when the client closes or the connection is closed on.
        let limit = configuration.stalledSessionSeconds
        let watchdog = Task { @Sendable in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(min(1, limit / 4) * 1000)))
                let actions = session.withLock {
                    $0.advance(to: MonotonicClock.nanoseconds())
                    return $0.stalled(limitSeconds: limit)
                }
                guard !actions.isEmpty, !Task.isCancelled else { continue }
                self.metrics.protocolErrors.increment()
                self.logger.notice("ended an AudioHook session", metadata: ["why": "\(session.withLock { $0.problem ?? "" })"])
                for case .send(let text) in actions { try? await outbound.write(.text(text)) }
                closeUnlessAnswered()
                return
            }
        }
        defer { watchdog.cancel() }
        do {
            receiving: for try await message in inbound.messages(maxSize: 1 << 20) {
                switch message {
                case .text(let text):
                    let actions = session.withLock {
                        $0.advance(to: MonotonicClock.nanoseconds())
                        return $0.receive(text: text)
                    }
                    guard try await perform(actions) else { break receiving }
                case .binary(let buffer):
                    let accepted = session.withLock {
                        $0.advance(to: MonotonicClock.nanoseconds())
                        return $0.receiveAudio(byteCount: buffer.readableBytes)
                    }
                    switch accepted {
                    case .success(let frames):
                        guard let call else { continue }  // a probe: its audio is not analysed
                        buffer.withUnsafeReadableBytes { _ = call.write($0) }
                        metrics.audioSeconds.increment(by: Double(frames) / Double(call.call.media.rate))
                        pool.schedule(call)
                    case .failure(let refusal):
                        guard try await perform(refusal.actions) else { break receiving }
                    }
                }
            }
        } catch {
            logger.debug("an AudioHook connection broke", metadata: ["why": "\(error)"])
        }
        // The socket ended without close: the call still ends, with its summaries.
        for action in session.withLock({ $0.connectionLost() }) where action == .finishCall {
            if let call { await finish(call) }
        }
    }

    /// Ends a call's input and waits (at most 5 s) until its summaries are written, so the
    /// client's `closed` comes after them.
    private func finish(_ call: ServedCall) async {
        call.endInput()
        pool.schedule(call)
        let deadline = ContinuousClock.now + .seconds(5)
        while !call.published.load(ordering: .acquiring) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    // MARK: Helpers

    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func notFound() -> Response {
        Response(
            status: .notFound, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: "{\"error\":\"no such call\"}\n")))
    }

    static func unauthorized() -> Response {
        Response(
            status: .unauthorized, headers: [.contentType: "application/json", .wwwAuthenticate: "Bearer"],
            body: .init(byteBuffer: ByteBuffer(string: "{\"error\":\"a known API key is needed: X-API-KEY or Authorization: Bearer\"}\n")))
    }
}
