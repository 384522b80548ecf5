/// The identifier of one power-up of a pump (docs/protocol.md §10.6): 8 upper-case hex digits on the wire.
///
/// Program, token and volumes do not survive a reboot; a client that sees a different boot identifier in IDENTIFY or
/// a status knows the infusion was interrupted.
public struct BootId: Sendable, Hashable, CustomStringConvertible {
    /// The 32-bit value.
    public let value: UInt32

    /// Creates an identifier from its value.
    public init(_ value: UInt32) {
        self.value = value
    }

    /// Parses exactly 8 upper-case hex digits, or nil.
    public init?(wireText: String) {
        guard let value = HexWord.parse(wireText) else { return nil }
        self.value = value
    }

    /// A random identifier for a new power-up; the caller supplies the generator.
    public static func random(using generator: inout some RandomNumberGenerator) -> BootId {
        BootId(UInt32.random(in: .min ... .max, using: &generator))
    }

    /// The 8-digit wire form, e.g. `5A3C9E01`.
    public var description: String { HexWord.format(value) }
}
