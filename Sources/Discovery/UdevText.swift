/// Small text rules for values udev and USB descriptors report.
enum UdevText {
    /// A USB vendor or product id as exactly 4 lowercase hex digits (`0403`), or nil when `text` is not one.
    static func usbIdentifier(_ text: String?) -> String? {
        guard let text = trimmed(text), text.count == 4, text.allSatisfy(\.isHexDigit) else { return nil }
        return text.lowercased()
    }

    /// `text` without surrounding whitespace, or nil when nothing is left.
    static func trimmed(_ text: String?) -> String? {
        guard let text else { return nil }
        let result = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        return result.isEmpty ? nil : String(result)
    }

    /// Decodes udev's `_ENC` escaping (`FT232R\x20USB\x20UART` -> `FT232R USB UART`); nil for nil or empty input.
    ///
    /// udev writes every byte that is not a plain printable character as `\xHH`; the result is read as UTF-8, with
    /// invalid sequences replaced, since a USB descriptor string can hold anything.
    static func decodeEscaped(_ text: String?) -> String? {
        guard let text else { return nil }
        var bytes: [UInt8] = []
        let scalars = Array(text.utf8)
        var index = 0
        while index < scalars.count {
            if scalars[index] == UInt8(ascii: "\\"), index + 3 < scalars.count, scalars[index + 1] == UInt8(ascii: "x"),
               let value = UInt8(String(decoding: scalars[(index + 2)...(index + 3)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(scalars[index])
                index += 1
            }
        }
        return trimmed(String(decoding: bytes, as: UTF8.self))
    }
}
