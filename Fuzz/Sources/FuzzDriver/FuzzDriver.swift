import CLibFuzzer
import Foundation

/// Starts libFuzzer's driver for a fuzzer's input function, with the process's arguments
/// (libFuzzer's options, corpus folders), and exits with its status.
///
/// SwiftPM gives every executable its own entry point, so libFuzzer's `main` never runs; each
/// fuzzer's `main` calls this instead. (The input function is also exported as
/// `LLVMFuzzerTestOneInput`, which libFuzzer's unused `main` refers to.)
public enum FuzzDriver {
    public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}
