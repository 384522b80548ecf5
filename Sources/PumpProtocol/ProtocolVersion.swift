/// The protocol version a pump reports in IDENTIFY (docs/protocol.md §13), `major.minor`.
///
/// A minor version only adds optional reply fields; anything else needs a new major, and a client refuses a pump
/// whose major differs from its own rather than guess.
public struct ProtocolVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The range of each component on the wire (1 to 3 digits).
    public static let componentRange = 0...999

    /// The version this module implements: 1.0.
    public static let current = ProtocolVersion(uncheckedMajor: 1, minor: 0)

    /// Incompatible changes.
    public let major: Int
    /// Compatible additions.
    public let minor: Int

    /// Creates a version, or nil if a component is outside 0–999.
    public init?(major: Int, minor: Int) {
        guard Self.componentRange.contains(major), Self.componentRange.contains(minor) else { return nil }
        self.major = major
        self.minor = minor
    }

    /// Parses `major.minor` (each `0` or 1–3 digits without a leading zero), or nil.
    public init?(wireText: String) {
        let parts = wireText.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count <= 3 }),
            case .success(let major) = WireNumber.parseInteger(String(parts[0])),
            case .success(let minor) = WireNumber.parseInteger(String(parts[1]))
        else { return nil }
        self.init(major: major, minor: minor)
    }

    private init(uncheckedMajor major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// True when a client of this module may operate a pump speaking this version: the same major.
    public var isSupported: Bool { major == Self.current.major }

    /// Orders versions by major, then minor.
    public static func < (lhs: ProtocolVersion, rhs: ProtocolVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// The wire form, e.g. `1.0`.
    public var description: String { "\(major).\(minor)" }
}
