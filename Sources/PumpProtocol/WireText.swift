/// Small text helpers for fixed-width fields, shared by every encoder so all of them write the same canonical form.
enum WireText {
    static let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// `value` in decimal, left-padded with zeros to `width` digits (the caller guarantees it fits).
    static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `value` as exactly `width` upper-case hex digits.
    static func upperHex(_ value: UInt64, width: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: width)
        var rest = value
        for index in stride(from: width - 1, through: 0, by: -1) {
            bytes[index] = upperHexDigits[Int(rest & 0xF)]
            rest >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of an upper-case hex digit, or nil (lower case is refused: the wire form is canonical).
    static func upperHexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Parses exactly `width` upper-case hex digits, or nil.
    static func parseUpperHex(_ bytes: some Collection<UInt8>, width: Int) -> UInt64? {
        guard bytes.count == width else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard let digit = upperHexValue(byte) else { return nil }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// Parses exactly `width` decimal digits (leading zeros required by the fixed width), or nil.
    static func parseFixedDigits(_ bytes: some Collection<UInt8>, width: Int) -> Int? {
        guard bytes.count == width else { return nil }
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isLowerLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    static func isUpperLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
    }
}
