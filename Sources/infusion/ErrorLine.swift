/// The one line `infusion` writes to stderr when it refuses or fails, made safe whatever the message quotes.
///
/// Messages quote what the user gave (an option's value, an identifier, a value read from a configuration file).
/// That text may hold a newline (the error would no longer be one line), an ANSI escape (it would repaint the
/// operator's terminal) or a megabyte of characters. Each module shortens what it quotes as it sees fit; this is the
/// last guard at the boundary, so every refusal is one readable line that still names the option at its start and
/// the accepted range at its end.
enum ErrorLine {
    /// Longer messages keep their first and last ``keptEachEnd`` characters around a note of how much was left out.
    static let maximumCharacters = 600
    /// Characters kept at each end of an over-long message.
    static let keptEachEnd = 280

    /// `error: MESSAGE\n`, with control characters written as escapes and over-long text elided in the middle.
    static func render(_ message: String) -> String {
        var visible = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\n": visible += "\\n"
            case "\r": visible += "\\r"
            case "\t": visible += "\\t"
            default:
                let category = scalar.properties.generalCategory
                if category == .control || category == .format && isBidiControl(scalar) || category == .lineSeparator
                    || category == .paragraphSeparator
                {
                    visible += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    visible.unicodeScalars.append(scalar)
                }
            }
        }
        if visible.count > maximumCharacters {
            let omitted = visible.count - 2 * keptEachEnd
            visible = "\(visible.prefix(keptEachEnd))...(\(omitted) characters left out)...\(visible.suffix(keptEachEnd))"
        }
        return "error: \(visible)\n"
    }

    /// The bidirectional overrides and isolates, which can make a quoted value read backwards on a terminal.
    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
