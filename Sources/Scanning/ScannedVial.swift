/// A vial the bench may use: its scan matched a stocked tocilizumab pack, carries a lot and is within expiry.
///
/// Only `VialCheck` creates one, so holding a `ScannedVial` means every check passed; it carries what the record
/// needs for traceability (trade name via `product`, lot, expiry, serial).
public struct ScannedVial: Hashable, Sendable {
    /// The pack's GTIN as scanned.
    public let gtin: GTIN
    /// The stocked pack the GTIN stands for.
    public let product: Product
    /// The batch/lot from AI (10), required by the label for the record.
    public let batchLot: String
    /// The expiry from AI (17); the vial was within it on the day checked.
    public let expiry: ExpiryDate
    /// The serial from AI (21), when the pack carries one.
    public let serial: String?

    init(gtin: GTIN, product: Product, batchLot: String, expiry: ExpiryDate, serial: String?) {
        self.gtin = gtin
        self.product = product
        self.batchLot = batchLot
        self.expiry = expiry
        self.serial = serial
    }
}
