import ArgumentParser
import AudioHook
import CallServer
import Coaching
import Dispatch
import Foundation
import Logging
import Synchronization

/// `tonecoach serve`: the contact-centre server (Genesys AudioHook v2).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Coach the calls a contact-centre platform streams over AudioHook (Genesys Cloud).",
        discussion: """
            Each call arrives as an AudioHook v2 WebSocket at /api/v1/audiohook/ws, authenticated \
            by an API key and an HTTP message signature with the key's client secret. Every call is \
            analysed and coached on a small pool of threads; its agent sees the cues at \
            /calls/CONVERSATION-ID (open it beside the conversation, e.g. as a Genesys interaction \
            widget). When a call ends, its summaries, cues and conversation events go to --summaries \
            as JSON Lines (the schema of 'analyze --format jsonl', plus conversation_id and \
            participant_id). Audio is never written anywhere.

            Also served: GET /calls (open calls and their status, for supervisors; needs an API key \
            as X-API-KEY or 'Authorization: Bearer KEY'), GET /metrics (Prometheus), GET /healthz.
            SIGTERM or Ctrl-C stops accepting calls, ends the open ones with their summaries \
            written, and exits: with status 1 if any call's summaries could not be written \
            (each is logged when it happens, and counted in /metrics).

            The key file holds one 'API-KEY CLIENT-SECRET-BASE64' per line; a key without a secret \
            may connect unsigned. Keep it readable by this user only.

            Example:
              tonecoach serve --listen 127.0.0.1:8080 --api-keys keys.txt --summaries calls.jsonl
            """)

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Where to listen, [HOST:]PORT (default 127.0.0.1:8080; host 127.0.0.1 unless given: reachable from this machine only; port 0 picks one).",
            valueName: "address"),
        transform: { try ServeAddress(parsing: $0) })
    var listen = ServeAddress(host: ServeAddress.defaultHost, port: 8080)

    @Option(name: .customLong("api-keys"), help: ArgumentHelp("The clients' API keys and secrets.", valueName: "file"))
    var apiKeys: String

    @Option(help: ArgumentHelp("Write each ended call's summaries, cues and events here as JSON Lines ('-': standard output).", valueName: "file"))
    var summaries: String?

    @Option(name: .customLong("max-calls"), parsing: .unconditional, help: "Calls open at once; more are refused until one ends.")
    var maxCalls = 1000

    @Option(
        name: .customLong("stall-timeout"), parsing: .unconditional,
        help: ArgumentHelp(
            "End a session that sends no open message within this many seconds of connecting, or no audio for this long while not paused (AudioHook clients stream silence too; pings do not count). A pause may last an hour, pauses four hours in all.",
            valueName: "seconds"))
    var stallTimeout = 30.0

    @Option(name: .customLong("analysis-threads"), parsing: .unconditional, help: "Threads that analyse all calls (one per core unless told).")
    var analysisThreads = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var analysisOptions: AnalysisOptions

    @OptionGroup var coachingOptions: CoachingOptions

    func validate() throws {
        if !(1...100_000).contains(maxCalls) { throw ValidationError("--max-calls must be between 1 and 100000") }
        if !(1...256).contains(analysisThreads) { throw ValidationError("--analysis-threads must be between 1 and 256") }
        if !(stallTimeout >= 1 && stallTimeout <= 3600) { throw ValidationError("--stall-timeout must be between 1 and 3600 seconds") }
    }

    func run() throws {
        let keys: APIKeyStore
        do throws(APIKeyFileError) {
            keys = try APIKeyStore(path: apiKeys)
        } catch {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
        // A warning, not a refusal: a deployment may share the file through a group.
        if let exposure = APIKeyStore.exposure(path: apiKeys) { standardError("tonecoach: warning: \(exposure)") }
        let coaching = try coachingOptions.load()
        let language = coachingOptions.lang
        var configuration = ServerConfiguration(keys: keys, message: { coaching.message($0, language: language) })
        configuration.host = listen.host
        configuration.port = listen.port
        configuration.summariesPath = summaries
        configuration.cues = coaching.cues
        configuration.settings = analysisOptions.settings
        configuration.language = language
        configuration.maxCalls = maxCalls
        configuration.analysisThreads = analysisThreads
        configuration.stalledSessionSeconds = stallTimeout

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let server: AudioHookServer
        do throws(ServerError) {
            server = try AudioHookServer(configuration: configuration, logger: Logger(label: "tonecoach.serve"))
        } catch {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
        let outcome = Mutex<ServerError?>(nil)
        let done = DispatchSemaphore(value: 0)
        let host = listen.host
        Task {
            do throws(ServerError) {
                try await server.run { port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    standardError("tonecoach: serving AudioHook at ws://\(shown):\(port)\(AudioHookServer.audioHookPath)")
                }
            } catch {
                outcome.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLock({ $0 }) {
            standardError("tonecoach: error: \(error.description)")
            throw ExitCode(1)
        }
        // Each loss was logged as it happened; the status says it too, so that a supervisor
        // or script sees that calls' summaries are missing.
        let lost = server.summaryWriteFailures
        if lost > 0 {
            let target = configuration.summariesPath == "-" ? "standard output" : configuration.summariesPath ?? ""
            standardError("tonecoach: error: the summaries of \(lost) call\(lost == 1 ? "" : "s") could not be written to \(target)")
            throw ExitCode(1)
        }
    }
}
