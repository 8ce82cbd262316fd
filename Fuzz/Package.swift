// swift-tools-version: 6.1
// libFuzzer targets for the parsers that take bytes from outside: recordings, coaching
// profiles, AudioHook messages and signatures. A package of its own, built only with
// `-sanitize=fuzzer,address` (`make fuzz`); each fuzzer's `main` hands its input function to
// libFuzzer's driver.
import PackageDescription

let package = Package(
    name: "ToneCoachFuzz",
    dependencies: [.package(name: "ToneCoach", path: "..")],
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .target(name: "FuzzDriver", dependencies: ["CLibFuzzer"]),
        .executableTarget(
            name: "fuzz-recording",
            dependencies: [
                .product(name: "ToneCoachEngine", package: "ToneCoach"),
                .product(name: "ToneCoachCore", package: "ToneCoach"), "FuzzDriver",
            ]),
        .executableTarget(
            name: "fuzz-profile",
            dependencies: [
                .product(name: "ToneCoachCoaching", package: "ToneCoach"),
                .product(name: "ToneCoachCore", package: "ToneCoach"), "FuzzDriver",
            ]),
        .executableTarget(
            name: "fuzz-audiohook",
            dependencies: [.product(name: "ToneCoachAudioHook", package: "ToneCoach"), "FuzzDriver"]),
    ]
)
