extension WAVHeaderFacts {
    /// Encodings libsndfile decodes in a WAV file, by format tag.
    static let readableTags: Set<UInt16> = [0x0001, 0x0003, 0x0006, 0x0007, 0x0002, 0x0011, 0x0031]
    /// Encodings people meet in call recordings that ToneCoach cannot decode, named.
    static let namedTags: [UInt16: String] = [
        0x0055: "MP3", 0x0050: "MPEG audio", 0x0161: "WMA", 0x00FF: "AAC", 0x1610: "AAC", 0x0022: "TrueSpeech",
        0x0040: "G.721 ADPCM", 0x0064: "G.721 ADPCM", 0x0014: "G.723 ADPCM", 0x0045: "G.726", 0x0092: "AC-3",
    ]

    /// Why the file cannot be analysed, in ToneCoach's words, when the header shows it; nil when
    /// the header looks readable (the caller then falls back on the decoder's class of error).
    /// `decoderOpened` says whether libsndfile opened the file (a non-RIFF file it opened, such
    /// as FLAC, is fine).
    func refusal(decoderOpened: Bool) -> String? {
        guard container != .other, let formType else {
            if decoderOpened { return nil }
            if fileBytes < 12 { return "file is only \(fileBytes) bytes, too short to be a recording" }
            return "not an audio file ToneCoach recognises" + (recognisedKind().map { " (\($0))" } ?? "")
        }
        guard formType == "WAVE" else { return "a RIFF file of type '\(formType)', not a WAV recording" }
        let damaged = "the WAV header is damaged at byte \(stopOffset): what should name a chunk is unreadable; not guessing"
        guard let format else {
            if stop == .cut { return "file ends inside its header (\(fileBytes) bytes)" }
            if stop == .garbage { return damaged }
            if let size = shortFormatSize {
                return "the 'fmt ' chunk is \(size) bytes, too short to describe the audio (it needs 16)"
            }
            if data != nil { return "the WAV header has no 'fmt ' chunk, so the sample rate and encoding are unknown; not guessing" }
            return "not a playable WAV: it has neither a 'fmt ' chunk nor a 'data' chunk"
        }
        guard format.beforeData else {
            return "the 'fmt ' chunk comes after the audio, so the encoding is unknown where the audio starts; "
                + "re-save the file with a standard tool (sox, ffmpeg)"
        }
        if format.sampleRate == 0 { return "the header gives a sample rate of 0 Hz" }
        if format.sampleRate > 1_000_000 {
            return "the header gives a sample rate of \(format.sampleRate) Hz, which no recording has: the header is damaged"
        }
        if format.channels == 0 { return "the header says the file has 0 channels" }
        if format.isExtensible && format.extensibleTag == nil {
            return "extensible WAV with a sub-format ToneCoach cannot decode (it reads PCM, float, µ-law and A-law)"
        }
        let tag = format.extensibleTag ?? format.tag
        guard Self.readableTags.contains(tag) else {
            let hex = String(tag, radix: 16, uppercase: true)
            let name = Self.namedTags[tag].map { " (\($0))" } ?? ""
            return "encoding 0x\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)\(name) is not one ToneCoach "
                + "can decode (it reads PCM, float, µ-law, A-law, IMA/MS ADPCM and GSM 6.10)"
        }
        if tag == 0x0001 && !(1...32).contains(format.bitsPerSample) {
            return "PCM with \(format.bitsPerSample) bits per sample cannot be read (expected 8, 16, 24 or 32)"
        }
        if tag == 0x0003 && format.bitsPerSample != 32 && format.bitsPerSample != 64 {
            return "floating-point audio with \(format.bitsPerSample) bits per sample is not valid (expected 32 or 64)"
        }
        if format.channels > 2 {
            return "unsupported channel count \(format.channels) (ToneCoach analyses mono, or stereo with agent and customer)"
        }
        if container == .rf64 && !hasDS64 { return "RF64 file without its 'ds64' size table, so the length of the audio is unknown" }
        guard let data else {
            if stop == .cut { return "file ends inside its header (\(fileBytes) bytes)" }
            if stop == .garbage { return damaged }
            let chunks = chunkIDs.map { "'\($0)'" }.joined(separator: ", ")
            return "the WAV has no 'data' chunk, so there is no audio to find (its chunks: \(chunks); \(fileBytes) bytes)"
        }
        if data.declared > 0 && data.declared != 0xFFFF_FFFF && data.present == 0 {
            return "header declares \(data.declared) bytes of audio but the file ends right after the header "
                + "(\(fileBytes) bytes): truncated"
        }
        return nil
    }

    /// What a non-audio file looks like from its first bytes ("starts with 'ID3': an MP3? …").
    func recognisedKind() -> String? {
        let bytes = head
        func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
        if starts(Array("ID3".utf8)) { return "starts with 'ID3': an MP3? convert it to WAV first" }
        if bytes.count > 1 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0 { return "an MP3? convert it to WAV first" }
        let magics: [(String, String)] = [
            ("OggS", "an Ogg or Opus file"), ("PK\u{3}\u{4}", "a ZIP archive"), ("%PDF", "a PDF document"),
            ("#!AMR", "an AMR voice file; convert it to WAV first"),
        ]
        for (magic, kind) in magics where starts(Array(magic.utf8)) { return kind }
        if starts([0x30, 0x26, 0xB2, 0x75]) { return "a WMA/ASF file; convert it to WAV first" }
        if bytes.count >= 8 && Array(bytes[4..<8]) == Array("ftyp".utf8) { return "an MP4/M4A file; convert it to WAV first" }
        let text = String(decoding: bytes, as: UTF8.self)
        if !text.contains("\u{FFFD}"),
            text.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        {
            return "it is text"
        }
        return nil
    }
}
