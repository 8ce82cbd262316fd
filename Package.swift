// swift-tools-version: 6.1
// ToneCoach: real-time voice-tone coaching. Dependencies point one way, down:
// tonecoach (CLI) -> Engine -> {AudioIO, Prosody} -> Core; C libraries only through the C* shims.
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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // package-benchmark: allocation counts and timings of the real-time path (Benchmarks/).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The live page's HTTP server (Server-Sent Events), and the contact-centre server to come.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        .executableTarget(
            name: "tonecoach",
            dependencies: [
                "Engine", "Core", "Coaching", "AudioIO", "Reporting", "LivePage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Signal generators, temporary test files and the fixture folder, shared by the test targets.
        .target(name: "TestSupport", dependencies: ["AudioIO", "CSndFile"], path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "RealtimeTests", dependencies: ["Realtime"]),
        .testTarget(name: "CoachingTests", dependencies: ["Coaching", "Core"]),
        .testTarget(name: "ProsodyTests", dependencies: ["Prosody", "Core", "TestSupport"]),
        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "Core", "CSndFile", "TestSupport"]),
        // Fixtures live in Tests/Fixtures (shared, with the script that made them); tests find them by path.
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Prosody", "AudioIO", "Core", "TestSupport"]),
        .testTarget(name: "tonecoachTests", dependencies: ["tonecoach", "TestSupport"]),
        .testTarget(name: "LivePageTests", dependencies: ["LivePage", "Coaching", "Core", "Reporting"]),

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
