import Core
import Testing

@Suite("Analysis settings")
struct AnalysisSettingsTests {
    @Test("defaults are valid at every supported rate", arguments: [8000, 11025, 16000, 22050, 32000, 44100, 48000])
    func defaultsValid(sampleRate: Int) throws {
        try AnalysisSettings().validate(sampleRate: sampleRate)
    }

    @Test("a 10 ms hop is 80 samples at 8 kHz and 480 at 48 kHz")
    func hopSamples() {
        #expect(AnalysisSettings().hopSamples(sampleRate: 8000) == 80)
        #expect(AnalysisSettings().hopSamples(sampleRate: 48000) == 480)
    }

    @Test("each bad value is named in its error")
    func errorsNameTheValue() {
        #expect(throws: SettingsError.unsupportedSampleRate(96000)) {
            try AnalysisSettings().validate(sampleRate: 96000)
        }
        #expect(throws: SettingsError.hopOutOfRange(0.2)) {
            try AnalysisSettings(hopSeconds: 0.2).validate(sampleRate: 16000)
        }
        #expect(throws: SettingsError.pitchRangeInvalid(minHz: 300, maxHz: 200)) {
            try AnalysisSettings(pitchMinHz: 300, pitchMaxHz: 200).validate(sampleRate: 16000)
        }
        #expect(throws: SettingsError.pitchRangeInvalid(minHz: 60, maxHz: 1200)) {
            try AnalysisSettings(pitchMaxHz: 1200).validate(sampleRate: 8000)
        }
        #expect(throws: SettingsError.voicingThresholdOutOfRange(0.99)) {
            try AnalysisSettings(voicingThreshold: 0.99).validate(sampleRate: 8000)
        }
        #expect(SettingsError.unsupportedSampleRate(96000).description.contains("96000"))
    }
}
