import FuzzSupport
import Scanning

/// Runs `VialCheck.check` and compares it with the verdict worked out here from the rules as documented.
///
/// The documented order: a GTIN is present; the site stocks it; it is tocilizumab; an expiry is present; the vial is
/// not expired (usable through its whole last day); a lot is present. The oracle uses its own lookup table and its
/// own day comparison, so a vial check that passed an expired vial or an unlisted GTIN would abort here.
enum VialCheckOracle {
    /// Checks `scan` on `today`; returns `accepted` or the refusal's message. Aborts when the verdict is wrong.
    static func check(_ scan: GS1ElementString, today: CalendarDay) -> String {
        let products = SiteProducts.list
        let expected = expectedRefusal(scan, today: today)
        do {
            let vial = try VialCheck.check(scan, products: products, today: today)
            if let expected {
                FuzzInvariant.fail("vial check accepted a scan that must be refused (\(expected)) on \(today): \(scan)")
            }
            FuzzInvariant.require(
                vial.gtin == scan.gtin && vial.product.gtin == scan.gtin && vial.batchLot == scan.batchLot
                    && vial.expiry == scan.expiry && vial.serial == scan.serial
                    && vial.product == SiteProducts.byDigits[vial.gtin.digits],
                "vial check returned a vial that differs from the scan or the product list: \(vial)")
            return "accepted"
        } catch {
            FuzzInvariant.require(error == expected, "vial check refused with '\(error)' on \(today), expected \(expected.map { "\($0)" } ?? "acceptance")")
            return "refused: \(error)"
        }
    }

    /// The refusal the documented rules give, or nil when the vial must be accepted.
    private static func expectedRefusal(_ scan: GS1ElementString, today: CalendarDay) -> VialRefusal? {
        guard let gtin = scan.gtin else { return .missingGTIN }
        guard let product = SiteProducts.byDigits[gtin.digits] else {
            return .unknownGTIN(gtin, listFile: SiteProducts.list.file)
        }
        guard product.activeSubstance.lowercased() == "tocilizumab" else {
            return .notTocilizumab(gtin, tradeName: product.tradeName, activeSubstance: product.activeSubstance)
        }
        guard let expiry = scan.expiry else { return .missingExpiry(gtin) }
        if IndependentCalendar.isAfter(today, expiry.lastDayOfUse) {
            return .expired(gtin, expiry: expiry, checkedOn: today)
        }
        guard scan.batchLot != nil else { return .missingLot(gtin) }
        return nil
    }
}
