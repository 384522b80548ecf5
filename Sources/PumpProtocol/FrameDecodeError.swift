/// What the receiver reports instead of a frame (docs/protocol.md §4). None of these is ever executed.
public enum FrameDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A partial frame was abandoned: a new `$` arrived before its LF, or the line was silent for the inter-byte
    /// timeout. `byteCount` is the size of the abandoned part.
    case incomplete(byteCount: Int)
    /// No LF within `WireFormat.maximumFrameLength` bytes after `$`; the rest is discarded up to the next `$`.
    case tooLong
    /// The CRC field does not match the covered bytes. `header` is the header as received if it could be read; it is
    /// untrusted, and serves only to address a `NAK crc` (docs/protocol.md §4.3).
    case badCrc(header: FrameHeader?, receivedCrc: UInt16, computedCrc: UInt16)
    /// The candidate does not have the frame layout. `header` is set when the CRC was correct and the header readable
    /// (a sender bug: the pump answers `NAK malformed`), nil otherwise (no reply possible).
    case malformed(FrameDefect, header: FrameHeader?)

    /// An actionable description for logs.
    public var description: String {
        switch self {
        case .incomplete(let count):
            return "partial frame of \(count) bytes abandoned (new '$' or inter-byte timeout)"
        case .tooLong:
            return "no end of frame within \(WireFormat.maximumFrameLength) bytes; discarded up to the next '$'"
        case .badCrc(let header, let received, let computed):
            let from = header.map { " (header \($0))" } ?? ""
            return "frame CRC is \(WireText.upperHex(UInt64(received), width: 4)) but the bytes give "
                + "\(WireText.upperHex(UInt64(computed), width: 4))\(from): damaged on the line"
        case .malformed(let defect, let header):
            let from = header.map { " (header \($0))" } ?? ""
            return "malformed frame\(from): \(defect)"
        }
    }
}
