/// Why a scanned vial must not be used, in one line a pharmacist can act on.
public enum VialRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The scan has no AI (01): it was some other barcode, or a code without the pack's identity.
    case missingGTIN
    /// The GTIN is valid but the site does not stock that pack (`listFile` names the product list).
    case unknownGTIN(GTIN, listFile: String)
    /// The pack is stocked but holds another substance.
    case notTocilizumab(GTIN, tradeName: String, activeSubstance: String)
    /// The scan has no AI (17): expiry cannot be checked.
    case missingExpiry(GTIN)
    /// The last day of use is before the day of the check.
    case expired(GTIN, expiry: ExpiryDate, checkedOn: CalendarDay)
    /// The scan has no AI (10): the label requires the lot in the patient's record.
    case missingLot(GTIN)

    /// One line: what is wrong and what to do.
    public var description: String {
        switch self {
        case .missingGTIN:
            return "scan has no AI (01) GTIN: scan the GS1 DataMatrix on the vial or carton, not another barcode"
        case .unknownGTIN(let gtin, let listFile):
            return "GTIN \(gtin) is not in the site product list \(listFile): this pack is not stocked; do not use it unless the pharmacy adds it to the list"
        case .notTocilizumab(let gtin, let tradeName, let activeSubstance):
            return "GTIN \(gtin) is \(tradeName) (\(activeSubstance)), not tocilizumab: do not use it for this preparation"
        case .missingExpiry(let gtin):
            return "scan of GTIN \(gtin) has no AI (17) expiry: the expiry cannot be checked; scan the vial's GS1 DataMatrix again"
        case .expired(let gtin, let expiry, let checkedOn):
            return "GTIN \(gtin) expired: last day of use \(expiry.lastDayOfUse) (AI 17: \(expiry.yymmdd)), today is \(checkedOn); do not use this vial"
        case .missingLot(let gtin):
            return "scan of GTIN \(gtin) has no AI (10) batch/lot: the label requires the lot in the record; scan the vial's GS1 DataMatrix again"
        }
    }
}
