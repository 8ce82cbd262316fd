import ArgumentParser
import AudioIO
import Foundation

/// `tonecoach devices`: the capture devices ALSA offers.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the capture devices ToneCoach can listen to (as arecord -L and -l do).",
        discussion: """
            Names in the first column are what 'tonecoach live --device' takes: ALSA PCM names \
            such as 'default' or 'plughw:CARD=Headset,DEV=0', and sound-card devices as 'hw:CARD,DEVICE'. \
            Devices defined in an asoundrc (for example through ALSA_CONFIG_PATH) are listed too.
            """)

    func run() throws {
        // Through OutputWriter, like every other command: a full disk or a closed terminal is
        // said and ends with status 1, not a listing silently lost with status 0.
        if let problem = ALSACaptureDevice.configurationProblem() {
            standardError("tonecoach: error: \(CaptureError.configuration(reason: problem).description)")
            throw ExitCode(1)
        }
        let output = OutputWriter()
        defer { output.flush() }
        let devices = ALSACaptureDevice.captureDevices()
        if devices.isEmpty {
            // Without even ALSA's own 'null' PCM, the configuration read is not ALSA's usual one.
            let path = ProcessInfo.processInfo.environment["ALSA_CONFIG_PATH"].map {
                " ALSA_CONFIG_PATH is \($0): does it include /usr/share/alsa/alsa.conf?"
            }
            output.line("No capture devices found (no sound card, and no PCM defined in an asoundrc).\(path ?? "")")
            return
        }
        let width = min(40, devices.map(\.name.count).max() ?? 0) + 2
        for device in devices {
            let padding = String(repeating: " ", count: max(1, width - device.name.count))
            output.line(device.name + (device.description.isEmpty ? "" : padding + device.description))
        }
    }
}
