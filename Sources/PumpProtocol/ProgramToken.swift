/// The token of a stored program (docs/protocol.md §7.4–7.6): 8 upper-case hex digits on the wire.
///
/// The pump draws a fresh, unpredictable token on every SET PROGRAM and reveals it only through READ PROGRAM, so a
/// START can only carry the token of a program the client has read back; a token starts at most once.
public struct ProgramToken: Sendable, Hashable, CustomStringConvertible {
    /// The 32-bit value.
    public let value: UInt32

    /// Creates a token from its value.
    public init(_ value: UInt32) {
        self.value = value
    }

    /// Parses exactly 8 upper-case hex digits, or nil.
    public init?(wireText: String) {
        guard let value = HexWord.parse(wireText) else { return nil }
        self.value = value
    }

    /// A new random token, different from `previous` (the pump's rule: a new program never gets the old token).
    /// The caller supplies the generator: this module reads no system source itself.
    public static func random(differentFrom previous: ProgramToken?, using generator: inout some RandomNumberGenerator)
        -> ProgramToken
    {
        var token = ProgramToken(UInt32.random(in: .min ... .max, using: &generator))
        while token == previous {
            token = ProgramToken(UInt32.random(in: .min ... .max, using: &generator))
        }
        return token
    }

    /// The 8-digit wire form, e.g. `9F3B0C2E`.
    public var description: String { HexWord.format(value) }
}
