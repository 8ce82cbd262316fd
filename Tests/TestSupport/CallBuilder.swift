import AudioIO
import CSndFile
import Foundation

/// Builds two-channel test calls (agent left, customer right) from scripted turns: speech
/// from espeak-ng (22.05 kHz) or synthetic voiced syllables, silences, overlaps. Nothing is
/// a recording of a person; the calls exist only for the test that makes them.
public final class CallBuilder {
    public static let sampleRate = 22050
    private var agent: [Float] = []
    private var customer: [Float] = []
    private let files: TestFiles

    public init() throws { files = try TestFiles() }

    /// Whether espeak-ng is installed (the tests that need it say so when it is not).
    public static var hasSpeechSynthesizer: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/espeak-ng")
    }

    /// Speech for `text` from espeak-ng: `voice` (e.g. "en-us", "en-us+f3"), pitch 0-99,
    /// words per minute, amplitude 0-200, scaled by `gain`.
    public func speak(_ text: String, voice: String = "en-us", pitch: Int = 50, wpm: Int = 160, amplitude: Int = 100)
        throws -> [Float]
    {
        let path = files.path("utterance-\(UUID().uuidString).wav")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
        process.arguments = ["-v", voice, "-p", "\(pitch)", "-s", "\(wpm)", "-a", "\(amplitude)", "-w", path, text]
        try process.run()
        process.waitUntilExit()
        let reader = try AudioFileReader(path: path)
        precondition(reader.sampleRate == Self.sampleRate, "espeak-ng wrote \(reader.sampleRate) Hz")
        var samples = [Float](repeating: 0, count: reader.frameCount)
        let read = try samples.withUnsafeMutableBufferPointer { try reader.read(into: $0.baseAddress!, frames: $0.count) }
        return Array(samples.prefix(read))
    }

    /// A flat, monotone talker: voiced syllables at one steady pitch.
    public func monotone(seconds: Double, f0: Double = 115) -> [Float] {
        let voice = Signals.voiced(contour: { _ in f0 }, sampleRate: Self.sampleRate, seconds: seconds, peak: 0.35)
        return voice.enumerated().map { i, x in
            (Double(i) / Double(Self.sampleRate)).truncatingRemainder(dividingBy: 0.28) < 0.2 ? x : x * 0.02
        }
    }

    /// The agent says `audio`, starting `after` seconds after the end of the call so far (a
    /// negative `after` starts it that far before the end: overlap).
    public func agentSays(_ audio: [Float], after: Double = 0.5) { append(audio, toAgent: true, after: after) }

    /// The customer says `audio`, likewise.
    public func customerSays(_ audio: [Float], after: Double = 0.5) { append(audio, toAgent: false, after: after) }

    /// Silence on both channels.
    public func silence(_ seconds: Double) {
        let end = max(agent.count, customer.count) + Int(seconds * Double(Self.sampleRate))
        pad(to: end)
    }

    /// The end of the call so far, in seconds: where the next line would start with `after: 0`.
    public var endSeconds: Double { Double(max(agent.count, customer.count)) / Double(Self.sampleRate) }

    /// A greeting and a request, then `silenceSeconds` of silence on both sides, then the
    /// agent again: the opening of the calls that test dead air. Returns where the silence
    /// starts and ends (by the builder's marks; espeak-ng pads each utterance a little).
    @discardableResult
    public func greetingThenSilence(_ silenceSeconds: Double) throws -> (start: Double, end: Double) {
        agentSays(try speak("Thank you for calling, how can I help you today?"))
        customerSays(try speak("I would like to check the status of my order please.", voice: "en-us+f3", pitch: 60))
        let start = endSeconds
        silence(silenceSeconds)
        let end = endSeconds
        agentSays(try speak("Sorry about the wait, I have found your order now."), after: 0)
        return (start, end)
    }

    /// Writes the call as a stereo 16-bit WAV and returns its path.
    public func write(name: String = "call.wav") -> String {
        pad(to: max(agent.count, customer.count) + Self.sampleRate / 2)
        var interleaved = [Float](repeating: 0, count: agent.count * 2)
        for i in agent.indices {
            interleaved[2 * i] = agent[i]
            interleaved[2 * i + 1] = customer[i]
        }
        return files.write(
            name, samples: interleaved, sampleRate: Self.sampleRate, channels: 2,
            format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16))
    }

    private func append(_ audio: [Float], toAgent: Bool, after: Double) {
        let end = max(agent.count, customer.count)
        let start = max(0, end + Int(after * Double(Self.sampleRate)))
        pad(to: start + audio.count)
        for (i, x) in audio.enumerated() {
            if toAgent { agent[start + i] += x } else { customer[start + i] += x }
        }
    }

    private func pad(to count: Int) {
        if agent.count < count { agent += [Float](repeating: 0, count: count - agent.count) }
        if customer.count < count { customer += [Float](repeating: 0, count: count - customer.count) }
    }
}
