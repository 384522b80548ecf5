/// The data of one GS1 barcode scan, as read from the element string a scanner sends.
///
/// Every AI present has been validated (check digit, calendar date, character set, length); absent AIs are nil so
/// that the vial check, not the parser, decides what a vial must carry and can say what is missing.
public struct GS1ElementString: Hashable, Sendable {
    /// The GS separator (ASCII 29), which scanners send for FNC1: it ends a variable-length field.
    public static let groupSeparator: Unicode.Scalar = "\u{1D}"
    /// The longest scan accepted. A vial code (01)+(17)+(10)+(21) with identifier and separators is under 80
    /// characters; anything longer is refused before it is read.
    public static let maximumLength = 128
    /// Symbology identifiers whose data are GS1 element strings: DataMatrix, GS1-128 and QR Code.
    public static let acceptedSymbologyIdentifiers: Set<String> = ["]d2", "]C1", "]Q3"]

    /// AI (01): the pack's GTIN.
    public let gtin: GTIN?
    /// AI (17): the expiry date.
    public let expiry: ExpiryDate?
    /// AI (10): the batch/lot, exactly as encoded (case is significant in GS1 data).
    public let batchLot: String?
    /// AI (21): the pack's serial number.
    public let serial: String?
    /// The symbology identifier the scanner prefixed (`]d2`), or nil when it sent none.
    public let symbologyIdentifier: String?
    /// True when the human-readable bracketed form `(01)...` was given: typed by hand or sent by a keyboard-wedge
    /// scanner. A workflow may want a second look at data that a person could have typed.
    public let wasBracketed: Bool

    /// Creates a scan from already-validated parts (the parser's result; also how tests build scans by hand).
    public init(
        gtin: GTIN?,
        expiry: ExpiryDate?,
        batchLot: String?,
        serial: String?,
        symbologyIdentifier: String? = nil,
        wasBracketed: Bool = false
    ) {
        self.gtin = gtin
        self.expiry = expiry
        self.batchLot = batchLot
        self.serial = serial
        self.symbologyIdentifier = symbologyIdentifier
        self.wasBracketed = wasBracketed
    }

    /// Parses `text` as a scanner sends it or as a person types it.
    ///
    /// Accepted: an optional symbology identifier (`]d2`, `]C1`, `]Q3`), an optional leading FNC1 sent as GS,
    /// then AIs (01), (17), (10), (21) in any order, each at most once. Variable-length fields end at GS or at the
    /// end of the scan; a redundant GS after a fixed-length field or at the very end is tolerated. Alternatively
    /// the bracketed form `(01)09506000134352(17)261231(10)AB12`, where each value runs to the next `(`.
    ///
    /// `referenceDay` (today at the site, passed in; no clock is read) sets the century of two-digit years.
    public static func parse(_ text: String, referenceDay: CalendarDay) throws(GS1ParseError) -> GS1ElementString {
        var parser = try GS1ElementStringParser(text, referenceYear: referenceDay.year)
        return try parser.parse()
    }
}
