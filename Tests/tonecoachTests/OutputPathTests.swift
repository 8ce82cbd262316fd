import Foundation
import TestSupport
import Testing

@Suite("where tonecoach report writes (command line)")
struct OutputPathTests {
    static let call = Fixtures.path("pace-120wpm.wav")

    @Test("a symbolic link is written through and stays a link")
    func symlink() throws {
        let files = try TestFiles()
        let link = files.path("link.html")
        let real = files.path("real.html")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.html")
        let result = try runTonecoach(["report", Self.call, "-o", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.html")
        #expect(String(decoding: files.bytes(real), as: UTF8.self).hasPrefix("<!DOCTYPE html>"))
    }

    @Test("a regular file is replaced whole; /dev/null and standard output are written through, never replaced")
    func specialFiles() throws {
        let files = try TestFiles()
        let existing = files.writeBytes("old.html", Array("old".utf8))
        #expect(try runTonecoach(["report", Self.call, "-o", existing]).status == 0)
        #expect(String(decoding: files.bytes(existing), as: UTF8.self).hasPrefix("<!DOCTYPE html>"))

        let null = try runTonecoach(["report", Self.call, "-o", "/dev/null"])
        #expect(null.status == 0, "\(null.stderr)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")

        let stdout = try runTonecoach(["report", Self.call, "-o", "-"])
        #expect(stdout.status == 0)
        #expect(stdout.stdout.hasPrefix("<!DOCTYPE html>"), "the report itself, nothing before it")
        #expect(stdout.stderr.contains("report written to standard output"))
    }

    @Test("refused plainly: the input itself, a folder, a folder that does not exist; the input is untouched")
    func refusals() throws {
        let files = try TestFiles()
        let input = files.path("call.wav")
        try FileManager.default.copyItem(atPath: Self.call, toPath: input)
        let before = files.bytes(input)
        let alias = files.path("alias.html")
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: input)
        let cases: [([String], String)] = [
            (["-o", input], "refusing to write \(input): it is the input"),
            (["-o", alias], "refusing to write \(alias): it is the input"),
            (["-o", files.directory.path], "it is a folder"),
            (["-o", files.path("missing/report.html")], "the folder \(files.path("missing")) does not exist"),
        ]
        for (arguments, expected) in cases {
            let result = try runTonecoach(["report", input] + arguments)
            #expect(result.status == 1)
            #expect(result.stderr.contains(expected), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
        #expect(files.bytes(input) == before, "the recording is untouched")
    }

    @Test("a folder that takes no new files (/proc) is refused before the work: report before the analysis, live before the call")
    func folderTakesNoFiles() throws {
        // A regular file in /proc: before, report analysed first and live ran its whole call,
        // then each said "no such file or directory".
        let report = try runTonecoach(["report", Self.call, "-o", "/proc/version"])
        #expect(report.status == 1)
        #expect(report.stderr.contains("cannot write /proc/version: its folder /proc does not take new files"), "\(report.stderr)")
        let started = Date()
        let live = try runTonecoach(["live", "--simulate", Self.call, "--duration", "30", "--report", "/proc/tonecoach.html"])
        #expect(live.status != 0)
        #expect(live.stderr.contains("its folder /proc does not take new files"), "\(live.stderr)")
        #expect(Date().timeIntervalSince(started) < 15, "refused at once, not after the 30 s call")
    }

    @Test("a report's folder removed during a live session: said as a folder that no longer exists")
    func folderRemovedDuringSession() throws {
        let files = try TestFiles()
        let folder = files.path("reports")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let live = Process()
        live.executableURL = Tonecoach.executable
        live.arguments = ["live", "--simulate", Self.call, "--duration", "4", "--report", folder + "/call.html"]
        let errors = Pipe()
        live.standardOutput = FileHandle.nullDevice
        live.standardError = errors
        try live.run()
        usleep(1_500_000)  // the path was checked at start; the session is under way
        try FileManager.default.removeItem(atPath: folder)
        live.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(live.terminationStatus != 0)
        // Before: "its folder ... does not take new files", as if it were /proc.
        #expect(stderr.contains("cannot write \(folder)/call.html: the folder \(folder) does not exist"), "\(stderr)")
    }

    @Test("a full disk is said, with a non-zero status, for analyze's output and for a report")
    func fullDisk() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let analyze = try Tonecoach.run(["analyze", "--format", "jsonl", Self.call], stdoutPath: "/dev/full")
        #expect(analyze.status == 1)
        #expect(analyze.stderr.contains("cannot write the output: no space left on the disk"), "\(analyze.stderr)")
        let report = try runTonecoach(["report", Self.call, "-o", "/dev/full"])
        #expect(report.status == 1)
        #expect(report.stderr.contains("cannot write /dev/full: no space left on the disk"), "\(report.stderr)")
    }
}
