/// One `key=value` field of a payload, with its value unescaped (docs/protocol.md §3.1).
///
/// The value is text (any Unicode); the encoder escapes what the wire reserves, so callers never deal with `%HH`.
public struct PayloadField: Sendable, Hashable, CustomStringConvertible {
    /// The key.
    public let key: PayloadKey
    /// The unescaped value; may be empty.
    public let value: String

    /// Creates a field.
    public init(_ key: PayloadKey, _ value: String) {
        self.key = key
        self.value = value
    }

    /// `key=value` as it appears on the wire (escaped).
    public var description: String {
        key.rawValue + "=" + String(decoding: PayloadCodec.escape(value), as: UTF8.self)
    }
}
