/// Renders line bytes for the `--trace` log: printable ASCII as is, CR LF as `\r\n`, anything else as `\xHH`, so
/// a capture of any traffic (garbage included) stays readable one line per record.
public enum TraceText {
    /// The longest rendering of one record; more is cut with `...`.
    public static let maximumBytesShown = 600

    /// The bytes as readable text.
    public static func render(_ bytes: some Collection<UInt8>) -> String {
        var text = ""
        for byte in bytes.prefix(maximumBytesShown) {
            switch byte {
            case 0x0D: text += "\\r"
            case 0x0A: text += "\\n"
            case 0x5C: text += "\\\\"
            case 0x20...0x7E: text.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                text += "\\x" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return bytes.count > maximumBytesShown ? text + "..." : text
    }
}
