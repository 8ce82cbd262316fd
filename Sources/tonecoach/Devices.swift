import ArgumentParser
import AudioIO

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
        let devices = ALSACaptureDevice.captureDevices()
        if devices.isEmpty {
            print("No capture devices found (no sound card, and no PCM defined in an asoundrc).")
            return
        }
        let width = min(40, devices.map(\.name.count).max() ?? 0) + 2
        for device in devices {
            let padding = String(repeating: " ", count: max(1, width - device.name.count))
            print(device.name + (device.description.isEmpty ? "" : padding + device.description))
        }
    }
}
