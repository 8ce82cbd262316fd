import Core
import Prometheus

/// The server's figures in Prometheus' text format (`GET /metrics`). Nothing here holds audio,
/// keys or ids: only counts, seconds and the kinds of cues.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let activeCalls: Gauge
    let callsOpened: Counter
    let callsClosed: Counter
    let summaryWriteFailures: Counter
    let audioSeconds: Counter
    let droppedAudioSeconds: Counter
    let gapSeconds: Counter
    let authenticationFailures: Counter
    let protocolErrors: Counter
    let rejectedCalls: Counter
    let analysisLag: Histogram<Double>
    private let cues: [CueKind: Counter]

    init() {
        activeCalls = registry.makeGauge(descriptor: Self.named("tonecoach_active_calls", help: "Calls open now."))
        callsOpened = registry.makeCounter(
            descriptor: Self.named("tonecoach_calls_opened_total", help: "Calls opened."))
        callsClosed = registry.makeCounter(
            descriptor: Self.named("tonecoach_calls_closed_total", help: "Calls ended (their summaries written or failed)."))
        summaryWriteFailures = registry.makeCounter(
            descriptor: Self.named(
                "tonecoach_summary_write_failures_total", help: "Calls whose summaries could not be written (a full disk, a closed output)."))
        audioSeconds = registry.makeCounter(
            descriptor: Self.named("tonecoach_audio_seconds_total", help: "Seconds of call audio received (per call, not per channel)."))
        droppedAudioSeconds = registry.makeCounter(
            descriptor: Self.named(
                "tonecoach_dropped_audio_seconds_total",
                help: "Seconds of received audio dropped because a call's buffer was full (kept as call time)."))
        gapSeconds = registry.makeCounter(
            descriptor: Self.named("tonecoach_gap_seconds_total", help: "Seconds of call time the client discarded or paused."))
        authenticationFailures = registry.makeCounter(
            descriptor: Self.named("tonecoach_authentication_failures_total", help: "Connections refused for their key or signature."))
        protocolErrors = registry.makeCounter(
            descriptor: Self.named("tonecoach_protocol_errors_total", help: "Sessions ended for breaking the AudioHook protocol."))
        rejectedCalls = registry.makeCounter(
            descriptor: Self.named("tonecoach_rejected_calls_total", help: "Calls refused because --max-calls were open."))
        analysisLag = registry.makeValueHistogram(
            descriptor: Self.named(
                "tonecoach_analysis_lag_seconds",
                help: "From a hop's newest sample arriving to its frame leaving analysis (the look-ahead excluded)."),
            buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5])
        var byKind: [CueKind: Counter] = [:]
        for kind in CueKind.allCases {
            byKind[kind] = registry.makeCounter(
                descriptor: Self.named("tonecoach_cues_total", help: "Cues given, by kind."), labels: [("kind", kind.identifier)])
        }
        cues = byKind
    }

    func cue(_ kind: CueKind) { cues[kind]?.increment() }

    /// A metric's descriptor from its full name (the name is the metric name; no parts added).
    static func named(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// The text format.
    func text() -> String { registry.emitToString() }
}
