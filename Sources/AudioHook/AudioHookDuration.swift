/// The ISO 8601 durations AudioHook uses for stream positions (`PT12.34S`).
public enum AudioHookDuration {
    /// `seconds` as `PT…S`, to the millisecond.
    public static func format(_ seconds: Double) -> String {
        // Clamped to 10^12 s (far past any call) so that no value can overflow the conversion.
        let milliseconds = seconds.isFinite ? Int((min(max(seconds, 0), 1e12) * 1000).rounded()) : 0
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        if fraction == 0 { return "PT\(whole)S" }
        var digits = String(fraction + 1000).dropFirst()
        while digits.hasSuffix("0") { digits = digits.dropLast() }
        return "PT\(whole).\(digits)S"
    }

    /// Seconds from `PT…S`, also with hours and minutes (`PT1H2M3.5S`); nil when not a duration.
    public static func parse(_ text: String) -> Double? {
        guard text.hasPrefix("PT"), text.count > 2 else { return nil }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for character in text.dropFirst(2) {
            switch character {
            case "0"..."9", ".":
                number.append(character)
            case "H", "M", "S":
                guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
                total += value * (character == "H" ? 3600 : character == "M" ? 60 : 1)
                number = ""
                sawUnit = true
            default:
                return nil
            }
        }
        return number.isEmpty && sawUnit ? total : nil
    }
}
