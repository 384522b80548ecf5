/// The 8-upper-case-hex-digit form shared by program tokens and boot identifiers (docs/protocol.md §6.2).
enum HexWord {
    static let width = 8

    static func parse(_ text: String) -> UInt32? {
        WireText.parseUpperHex(Array(text.utf8), width: width).map { UInt32(truncatingIfNeeded: $0) }
    }

    static func format(_ value: UInt32) -> String {
        WireText.upperHex(UInt64(value), width: width)
    }
}
