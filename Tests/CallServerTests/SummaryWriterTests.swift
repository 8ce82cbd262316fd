import Foundation
import Testing

@testable import CallServer

@Suite("SummaryWriter: a failed write is reported and leaves no partial line")
struct SummaryWriterTests {
    static func lines(_ count: Int, tag: String) -> [String] {
        (0..<count).map { "{\"type\":\"summary\",\"call\":\"\(tag)\",\"n\":\($0),\"pad\":\"\(String(repeating: "x", count: 200))\"}" }
    }

    @Test("a full device: each call's write fails with the reason, and is counted")
    func fullDevice() throws {
        let writer = try SummaryWriter(path: "/dev/full")
        #expect(writer.write(Self.lines(3, tag: "a")) == "the disk is full")
        #expect(writer.write(Self.lines(1, tag: "b")) == "the disk is full")
        #expect(writer.failures.load(ordering: .relaxed) == 2)
    }

    /// TONECOACH_SMALL_DISK names a folder on a small file system (e.g. a 64 KiB tmpfs): the
    /// calls that fit are whole lines, the one that did not fit left nothing behind.
    @Test(
        "a disk that fills up: the file is cut back to the last whole call",
        .enabled(if: ProcessInfo.processInfo.environment["TONECOACH_SMALL_DISK"] != nil))
    func fillingDisk() throws {
        let folder = try #require(ProcessInfo.processInfo.environment["TONECOACH_SMALL_DISK"])
        let path = folder + "/summaries-\(getpid()).jsonl"
        defer { unlink(path) }
        let writer = try SummaryWriter(path: path)
        var written = 0
        var failed = false
        for call in 0..<1000 where !failed {
            if writer.write(Self.lines(20, tag: "\(call)")) == nil { written += 1 } else { failed = true }
        }
        #expect(failed)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let fileLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(text.hasSuffix("\n"))
        #expect(fileLines.count == written * 20 + 1)
        for line in fileLines.dropLast() {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
    }
}
