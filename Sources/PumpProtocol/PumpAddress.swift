/// The address of one pump, `00` to `99` (docs/protocol.md §2).
///
/// Every frame carries it, even on point-to-point links, so the same code drives a pump on RS-232, TCP or a shared
/// RS-485 line, and a pump never answers a frame meant for another one.
public struct PumpAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The addresses a pump can be configured with.
    public static let range = 0...99

    /// The numeric address.
    public let value: Int

    /// Creates an address, or nil if `value` is outside `00`–`99`.
    public init?(_ value: Int) {
        guard Self.range.contains(value) else { return nil }
        self.value = value
    }

    /// The two-digit form used on the wire, e.g. `07`.
    public var description: String { WireText.zeroPadded(value, width: 2) }

    /// Orders addresses numerically, for stable listings of a bus.
    public static func < (lhs: PumpAddress, rhs: PumpAddress) -> Bool { lhs.value < rhs.value }
}
