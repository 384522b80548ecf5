/// The key of a payload field (docs/protocol.md §3.1): 1 to 16 characters, a lower-case letter then lower-case
/// letters or digits.
///
/// A validated type, so a frame can never be built with a key the wire grammar refuses, and a NAK can always name
/// the field it is about. The keys of protocol 1.0 are the static members.
public struct PayloadKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The longest key.
    public static let maximumLength = 16

    /// The key as sent.
    public let rawValue: String

    /// Creates a key, or nil unless `text` follows the key grammar.
    public init?(_ text: String) {
        guard Self.isValid(text.utf8) else { return nil }
        rawValue = text
    }

    private init(known: String) {
        rawValue = known
    }

    static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        guard let first = bytes.first, WireText.isLowerLetter(first), bytes.count <= maximumLength else { return false }
        return bytes.allSatisfy { WireText.isLowerLetter($0) || WireText.isDigit($0) }
    }

    /// Sorts keys alphabetically, for stable diagnostics.
    public static func < (lhs: PayloadKey, rhs: PayloadKey) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The key as sent.
    public var description: String { rawValue }

    /// `rate`: mL/h (program, status).
    public static let rate = PayloadKey(known: "rate")
    /// `vtbi`: volume to be infused, mL.
    public static let vtbi = PayloadKey(known: "vtbi")
    /// `drug`: drug identifier.
    public static let drug = PayloadKey(known: "drug")
    /// `conc`: concentration, mg/mL.
    public static let conc = PayloadKey(known: "conc")
    /// `wdog`: communication watchdog period, s.
    public static let wdog = PayloadKey(known: "wdog")
    /// `token`: program token.
    public static let token = PayloadKey(known: "token")
    /// `state`: pump state.
    public static let state = PayloadKey(known: "state")
    /// `vi`: volume infused toward the VTBI, mL.
    public static let vi = PayloadKey(known: "vi")
    /// `kvo`: volume delivered at the KVO rate, mL.
    public static let kvo = PayloadKey(known: "kvo")
    /// `rem`: time remaining, s.
    public static let rem = PayloadKey(known: "rem")
    /// `bat`: battery charge, %.
    public static let bat = PayloadKey(known: "bat")
    /// `alarms`: the raised alarms.
    public static let alarms = PayloadKey(known: "alarms")
    /// `boot`: boot identifier.
    public static let boot = PayloadKey(known: "boot")
    /// `model`: pump model.
    public static let model = PayloadKey(known: "model")
    /// `serial`: pump serial number.
    public static let serial = PayloadKey(known: "serial")
    /// `fw`: firmware version.
    public static let fw = PayloadKey(known: "fw")
    /// `proto`: protocol version.
    public static let proto = PayloadKey(known: "proto")
    /// `alarm`: the alarm an event reports.
    public static let alarm = PayloadKey(known: "alarm")
    /// `reason`: why a NAK refused the request.
    public static let reason = PayloadKey(known: "reason")
    /// `field`: the field a NAK is about.
    public static let field = PayloadKey(known: "field")
    /// `problem`: what is wrong with a value.
    public static let problem = PayloadKey(known: "problem")
}
