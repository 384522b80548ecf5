/// Byte-level constants of the frame layout (docs/protocol.md §3), in one place so the encoder, the decoder and the
/// tests cannot disagree about them.
///
/// A frame is `$AA|SSSS|KKK|CCCC|LLL|<payload>|HHHH` CR LF: a 22-byte header, the payload, a 7-byte trailer.
public enum WireFormat {
    /// `$`: starts every frame and appears nowhere else, which is what makes resynchronisation immediate.
    public static let startByte: UInt8 = 0x24
    /// `|`: separates the header fields, the payload and the CRC.
    public static let separatorByte: UInt8 = 0x7C
    /// CR, the first of the two bytes that end a frame.
    public static let carriageReturn: UInt8 = 0x0D
    /// LF, the last byte of every frame.
    public static let lineFeed: UInt8 = 0x0A
    /// Bytes from `$` through the `|` after the length field.
    public static let headerLength = 22
    /// Bytes of `|HHHH` CR LF.
    public static let trailerLength = 7
    /// The longest frame, including `$` and CR LF; it bounds every receive buffer.
    public static let maximumFrameLength = 512
    /// The longest payload that fits a maximum frame: 512 − 22 − 7.
    public static let maximumPayloadLength = maximumFrameLength - headerLength - trailerLength
    /// A frame with an empty payload.
    public static let minimumFrameLength = headerLength + trailerLength
}
