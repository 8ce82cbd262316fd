import Foundation
import TestSupport
import Testing

/// Runs the built `tonecoach` binary as a user does and captures what it prints.
enum Tonecoach {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let executable: URL = {
        let me = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        return me.deletingLastPathComponent().appendingPathComponent("tonecoach")
    }()

    /// Runs tonecoach with its output sent to files (no pipe to fill, no reader thread needed).
    /// `stdoutPath` sends standard output somewhere else (e.g. `/dev/full`); stdout is then empty.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdoutPath: String? = nil) throws -> Run {
        let files = try TestFiles()
        let outPath = stdoutPath ?? files.path("stdout")
        let errPath = files.path("stderr")
        if stdoutPath == nil { _ = FileManager.default.createFile(atPath: outPath, contents: nil) }
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        // A command that should have ended (a refusal that regressed into a running server)
        // is stopped after two minutes rather than holding the suite for ever.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            Issue.record("tonecoach \(arguments.joined(separator: " ")) was still running after 120 s")
        }
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: stdoutPath == nil ? String(decoding: files.bytes(outPath), as: UTF8.self) : "",
            stderr: String(decoding: files.bytes(errPath), as: UTF8.self))
    }

}

/// Shorthand for ``Tonecoach/run(_:environment:)``.
func runTonecoach(_ arguments: [String], environment: [String: String] = [:]) throws -> Tonecoach.Run {
    try Tonecoach.run(arguments, environment: environment)
}
