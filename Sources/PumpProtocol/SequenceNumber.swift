/// A request's sequence number, `0000` to `9999`, chosen by the client per pump (docs/protocol.md §5.2).
///
/// The pump uses it to recognise a retransmission and answer it from its reply cache instead of executing it again.
public struct SequenceNumber: Sendable, Hashable, CustomStringConvertible {
    /// The values a sequence number can take; after the last comes the first again.
    public static let range = 0...9999

    /// The numeric value.
    public let value: Int

    /// Creates a sequence number, or nil if `value` is outside `0000`–`9999`.
    public init?(_ value: Int) {
        guard Self.range.contains(value) else { return nil }
        self.value = value
    }

    /// `0000`, where a pump's event sequence starts after power-up.
    public static let zero = SequenceNumber(uncheckedValue: 0)

    /// The number for the next new request: one more, wrapping from `9999` to `0000`.
    public var next: SequenceNumber {
        SequenceNumber(uncheckedValue: value == Self.range.upperBound ? Self.range.lowerBound : value + 1)
    }

    /// The four-digit form used on the wire, e.g. `0042`.
    public var description: String { WireText.zeroPadded(value, width: 4) }

    private init(uncheckedValue: Int) {
        value = uncheckedValue
    }
}
