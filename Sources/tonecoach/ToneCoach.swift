import ArgumentParser

/// The `tonecoach` command: subcommands only, each in its own file.
@main
struct ToneCoach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tonecoach",
        abstract: "Voice-tone coaching for contact-centre calls: pitch, loudness, pace and pauses.",
        discussion: """
            ToneCoach measures how an agent sounds - pitch and its variability, loudness, \
            speaking pace, pauses - and turns it into short coaching cues.

            Start with a recorded call:
              tonecoach analyze Tests/Fixtures/example-call.wav
              tonecoach analyze --format jsonl Tests/Fixtures/example-call.wav | head

            Then live, on a headset, or on a recording played at real time:
              tonecoach devices
              tonecoach live --device default
              tonecoach live --simulate Tests/Fixtures/example-call.wav

            Or as the server a contact-centre platform streams calls to (Genesys AudioHook):
              tonecoach serve --api-keys keys.txt --summaries calls.jsonl
            """,
        version: "0.1.0",
        subcommands: [Analyze.self, Live.self, Serve.self, Report.self, Evaluate.self, Devices.self]
    )

    static func main() {
        StandardDescriptors.holdOpen()
        main(nil)
    }
}
