import Core
import Prometheus

/// The server's figures in Prometheus' text format (`GET /metrics`). Nothing here holds audio,
/// keys or ids: only counts, seconds and the kinds of cues.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let activeCalls: Gauge
    let callsOpened: Counter
    let callsClosed: Counter
    let audioSeconds: Counter
    let droppedAudioSeconds: Counter
    let gapSeconds: Counter
    let authenticationFailures: Counter
    let protocolErrors: Counter
    let rejectedCalls: Counter
    let analysisLag: Histogram<Double>
    private let cues: [CueKind: Counter]

    init() {
        activeCalls = registry.makeGauge(name: "tonecoach_active_calls", help: "Calls open now.")
        callsOpened = registry.makeCounter(name: "tonecoach_calls_opened_total", help: "Calls opened.")
        callsClosed = registry.makeCounter(name: "tonecoach_calls_closed_total", help: "Calls whose summaries were written.")
        audioSeconds = registry.makeCounter(
            name: "tonecoach_audio_seconds_total", help: "Seconds of call audio received (per call, not per channel).")
        droppedAudioSeconds = registry.makeCounter(
            name: "tonecoach_dropped_audio_seconds_total",
            help: "Seconds of received audio dropped because a call's buffer was full (kept as call time).")
        gapSeconds = registry.makeCounter(
            name: "tonecoach_gap_seconds_total", help: "Seconds of call time the client discarded or paused.")
        authenticationFailures = registry.makeCounter(
            name: "tonecoach_authentication_failures_total", help: "Connections refused for their key or signature.")
        protocolErrors = registry.makeCounter(
            name: "tonecoach_protocol_errors_total", help: "Sessions ended for breaking the AudioHook protocol.")
        rejectedCalls = registry.makeCounter(
            name: "tonecoach_rejected_calls_total", help: "Calls refused because --max-calls were open.")
        analysisLag = registry.makeValueHistogram(
            name: "tonecoach_analysis_lag_seconds",
            buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5],
            help: "From a hop's newest sample arriving to its frame leaving analysis (the look-ahead excluded).")
        var byKind: [CueKind: Counter] = [:]
        for kind in CueKind.allCases {
            byKind[kind] = registry.makeCounter(
                name: "tonecoach_cues_total", labels: [("kind", kind.identifier)], help: "Cues given, by kind.")
        }
        cues = byKind
    }

    func cue(_ kind: CueKind) { cues[kind]?.increment() }

    /// The text format.
    func text() -> String { registry.emitToString() }
}
