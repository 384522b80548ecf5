/// The GS1 Application Identifiers this module understands: the four a pharmaceutical pack's DataMatrix carries.
///
/// Any other AI is refused rather than skipped: a field we do not understand might change the meaning of the scan,
/// and at the compounding bench a refused scan costs a retype while a misread one could record the wrong lot.
public enum ApplicationIdentifier: String, CaseIterable, Sendable, Hashable {
    /// (01) Global Trade Item Number of the pack: 14 digits, the last a GS1 mod-10 check digit.
    case gtin = "01"
    /// (17) Expiry date, YYMMDD; day 00 means the last day of that month.
    case expiry = "17"
    /// (10) Batch or lot number: 1 to 20 characters of GS1 character set 82. The label requires it in the record.
    case batchLot = "10"
    /// (21) Serial number: 1 to 20 characters of GS1 character set 82.
    case serial = "21"

    /// The name a pharmacist reads in messages, with the AI in brackets as it is printed under the barcode.
    public var displayName: String {
        switch self {
        case .gtin: return "AI (01) GTIN"
        case .expiry: return "AI (17) expiry"
        case .batchLot: return "AI (10) batch/lot"
        case .serial: return "AI (21) serial"
        }
    }

    /// The exact data length of a predefined-length AI (no separator follows it), or nil for a variable-length one.
    public var fixedLength: Int? {
        switch self {
        case .gtin: return 14
        case .expiry: return 6
        case .batchLot, .serial: return nil
        }
    }

    /// The most data characters the AI may carry (the GS1 table's limit).
    public var maximumLength: Int {
        switch self {
        case .gtin: return 14
        case .expiry: return 6
        case .batchLot, .serial: return 20
        }
    }

    /// The accepted AIs, listed for messages that refuse another one.
    static var acceptedList: String {
        allCases.map(\.displayName).joined(separator: ", ")
    }
}
