/// Why a `Frame` cannot be built from the given fields (the encoder never emits a frame the decoder would refuse).
public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The same key twice: each key may appear at most once in a payload.
    case duplicateKey(PayloadKey)
    /// The escaped payload is longer than `WireFormat.maximumPayloadLength` bytes.
    case payloadTooLong(length: Int)

    /// An actionable description naming the key or the length and the limit.
    public var description: String {
        switch self {
        case .duplicateKey(let key):
            return "frame payload has key '\(key)' twice; each key may appear at most once"
        case .payloadTooLong(let length):
            return "frame payload is \(length) bytes once escaped; at most \(WireFormat.maximumPayloadLength) fit "
                + "in a \(WireFormat.maximumFrameLength)-byte frame"
        }
    }
}
