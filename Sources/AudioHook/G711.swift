/// G.711 µ-law (PCMU) and 16-bit linear (L16) audio as AudioHook carries it, decoded to Float.
/// Real-time safe: a table lookup per byte, no allocation.
public enum G711 {
    /// The 256 µ-law code words as linear samples scaled to ±1 (ITU-T G.711: the complement
    /// of the byte gives sign, a 3-bit exponent and a 4-bit mantissa).
    public static let muLawTable: [Float] = (0..<256).map { code in
        let byte = ~UInt8(code)
        let exponent = Int((byte >> 4) & 0x07)
        let mantissa = Int(byte & 0x0F)
        let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
        return Float(byte & 0x80 != 0 ? -magnitude : magnitude) / 32768
    }

    /// Decodes µ-law bytes into `output` (as many samples as bytes).
    public static func decodeMuLaw(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<Float>) {
        muLawTable.withUnsafeBufferPointer { table in
            for (i, byte) in bytes.enumerated() { output[i] = table[Int(byte)] }
        }
    }

    /// Decodes 16-bit little-endian linear samples into `output` (half as many samples as bytes).
    public static func decodeL16(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<Float>) {
        let count = bytes.count / 2
        for i in 0..<count {
            let value = Int16(bitPattern: UInt16(bytes[2 * i]) | UInt16(bytes[2 * i + 1]) << 8)
            output[i] = Float(value) / 32768
        }
    }
}
