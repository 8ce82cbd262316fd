// swift-tools-version: 6.1
// ToneCoach: real-time voice-tone coaching. Dependencies point one way, down:
// tonecoach (CLI) -> {CallServer -> AudioHook, LivePage, Reporting} -> Engine -> {AudioIO, Prosody} -> Core;
// C libraries only through the C* shims.
import PackageDescription

let package = Package(
    name: "ToneCoach",
    products: [
        .executable(name: "tonecoach", targets: ["tonecoach"]),
        .library(name: "ToneCoachEngine", targets: ["Engine"]),
        .library(name: "ToneCoachProsody", targets: ["Prosody"]),
        .library(name: "ToneCoachAudioIO", targets: ["AudioIO"]),
        .library(name: "ToneCoachCore", targets: ["Core"]),
        .library(name: "ToneCoachRealtime", targets: ["Realtime"]),
        // For the fuzzers in Fuzz/, which reach the profile parser and the AudioHook session.
        .library(name: "ToneCoachCoaching", targets: ["Coaching"]),
        .library(name: "ToneCoachAudioHook", targets: ["AudioHook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // package-benchmark: allocation counts and timings of the real-time path (Benchmarks/).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The live page's HTTP server (Server-Sent Events), and the contact-centre server to come.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The contact-centre server: AudioHook over WebSocket, its signatures, metrics and shutdown.
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // System libraries from Debian: libfftw3-dev (single precision), libasound2-dev, libsndfile1-dev.
        .systemLibrary(
            name: "CFFTW", pkgConfig: "fftw3f",
            providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(
            name: "CALSA", pkgConfig: "alsa",
            providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(
            name: "CSndFile", pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]),
        // glibc's malloc.h (malloc_trim: the server gives a burst of calls' memory back).
        .systemLibrary(name: "CMalloc"),

        .target(name: "Core"),
        .target(name: "Realtime"),
        .target(name: "Prosody", dependencies: ["Core", "CFFTW"]),
        .target(name: "AudioIO", dependencies: ["Core", "CSndFile", "CALSA"]),
        .target(name: "Coaching", dependencies: ["Core"]),
        .target(name: "Engine", dependencies: ["Core", "Prosody", "AudioIO", "Realtime", "Coaching"]),
        // The wire format (JSON Lines) shared by the CLI, the live page and the server.
        .target(name: "Reporting", dependencies: ["Core", "Coaching", "Engine"]),
        // The agent's live page: HTTP, Server-Sent Events.
        .target(
            name: "LivePage",
            dependencies: [
                "Core", "Coaching", "Reporting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Genesys AudioHook v2, server side, without I/O: the session state machine, message
        // signatures (RFC 9421), API keys, G.711.
        .target(
            name: "AudioHook",
            dependencies: ["Core", .product(name: "Crypto", package: "swift-crypto")]),
        // The contact-centre server: AudioHook connections -> one CallPipeline per call ->
        // a shared analysis pool -> live pages, metrics, summaries.
        .target(
            name: "CallServer",
            dependencies: [
                "AudioHook", "Engine", "Core", "Coaching", "Reporting", "LivePage", "Realtime", "CMalloc",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "tonecoach",
            dependencies: [
                "Engine", "Core", "Coaching", "AudioIO", "Reporting", "LivePage", "AudioHook", "CallServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Signal generators, temporary test files and the fixture folder, shared by the test targets.
        .target(name: "TestSupport", dependencies: ["AudioIO", "Core", "CSndFile"], path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "RealtimeTests", dependencies: ["Realtime"]),
        .testTarget(name: "CoachingTests", dependencies: ["Coaching", "Core"]),
        .testTarget(name: "ProsodyTests", dependencies: ["Prosody", "Core", "TestSupport"]),
        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "Core", "CSndFile", "TestSupport"]),
        // Fixtures live in Tests/Fixtures (shared, with the script that made them); tests find them by path.
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Prosody", "AudioIO", "Core", "TestSupport"]),
        .testTarget(name: "tonecoachTests", dependencies: ["tonecoach", "TestSupport"]),
        .testTarget(name: "LivePageTests", dependencies: ["LivePage", "Coaching", "Core", "Reporting"]),
        .testTarget(name: "AudioHookTests", dependencies: ["AudioHook", "Core"]),
        .testTarget(
            name: "CallServerTests",
            dependencies: [
                "CallServer",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]),

        // Benchmarks: `swift package benchmark` (see README); thresholds in Benchmarks/Thresholds.
        .executableTarget(
            name: "ProsodyBenchmarks",
            dependencies: [
                "Prosody", "Engine", "Core", "TestSupport",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ProsodyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        // A fixed workload for callgrind's instruction counts (Benchmarks/instructions.py).
        .executableTarget(
            name: "instruction-probe", dependencies: ["Prosody", "Coaching", "Core", "TestSupport"],
            path: "Benchmarks/Tools/InstructionProbe"),
        // Speed as ratios measured in one run (make bench-report).
        .executableTarget(
            name: "bench-report", dependencies: ["Prosody", "Engine", "Core", "TestSupport", "CSndFile"],
            path: "Benchmarks/Tools/BenchReport"),
        .executableTarget(
            name: "LiveBenchmarks",
            dependencies: [
                "Realtime", "Coaching", "Engine", "AudioIO", "Core", "TestSupport",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LiveBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
