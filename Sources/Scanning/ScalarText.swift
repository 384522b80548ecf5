/// Renders scanned text for error messages so that control characters (the GS separator, a carriage return from a
/// keyboard-wedge scanner) are visible and a message always stays on one line.
enum ScalarText {
    /// One character: `'A'` for a printable one, `GS (U+001D)` for the group separator, `U+000D` for other controls.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar == GS1ElementString.groupSeparator { return "GS (U+001D)" }
        if isPrintable(scalar) { return "'\(Character(scalar))'" }
        return hex(scalar)
    }

    /// A whole value in quotes, each unprintable character written as `<U+001D>`; long values are shortened.
    static func quote(_ scalars: some Collection<Unicode.Scalar>, limit: Int = 40) -> String {
        var text = ""
        for scalar in scalars.prefix(limit) {
            text += isPrintable(scalar) ? String(Character(scalar)) : "<\(hex(scalar))>"
        }
        if scalars.count > limit { text += "..." }
        return "'\(text)'"
    }

    /// A string value in quotes, as `quote(_:limit:)`.
    static func quote(_ text: String, limit: Int = 40) -> String {
        quote(Array(text.unicodeScalars), limit: limit)
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
