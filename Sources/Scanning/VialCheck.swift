/// Decides whether a scanned vial may be used for a tocilizumab preparation. Pure: "today" is an argument.
public enum VialCheck {
    /// The active substance every accepted vial must hold (compared ignoring case; the loader has trimmed it).
    public static let requiredActiveSubstance = "tocilizumab"

    /// Accepts `scan` as a `ScannedVial` or throws the first reason to refuse it.
    ///
    /// Checked in this order: a GTIN is present; the site stocks it; it is tocilizumab; an expiry is present; the
    /// vial is not expired; a lot is present. A vial is usable through the whole of its last day of use:
    /// it is expired only when `today` (the site's calendar day, e.g. `CalendarDay(now, in: siteTimeZone)`) is
    /// after that day.
    public static func check(_ scan: GS1ElementString, products: ProductList, today: CalendarDay) throws(VialRefusal) -> ScannedVial {
        guard let gtin = scan.gtin else { throw .missingGTIN }
        guard let product = products.product(for: gtin) else { throw .unknownGTIN(gtin, listFile: products.file) }
        let substance = product.activeSubstance.lowercased()
        guard substance == requiredActiveSubstance else {
            throw .notTocilizumab(gtin, tradeName: product.tradeName, activeSubstance: product.activeSubstance)
        }
        guard let expiry = scan.expiry else { throw .missingExpiry(gtin) }
        guard today <= expiry.lastDayOfUse else { throw .expired(gtin, expiry: expiry, checkedOn: today) }
        guard let batchLot = scan.batchLot else { throw .missingLot(gtin) }
        return ScannedVial(gtin: gtin, product: product, batchLot: batchLot, expiry: expiry, serial: scan.serial)
    }
}
