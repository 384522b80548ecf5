import Foundation

/// One pack the hospital stocks, as listed in `Config/products.yaml`: what a scanned GTIN means.
///
/// The label requires the trade name and lot of every administered product to be recorded for traceability
/// (【注意事项】 一般事项); the trade name comes from here, the lot from the scan.
public struct Product: Hashable, Sendable {
    /// The pack's GTIN-14 (check digit verified).
    public let gtin: GTIN
    /// Whether the GTIN is a repository sample or was read from a real pack by the site.
    public let gtinSource: GTINSource
    /// The active substance (INN), e.g. `tocilizumab`; the vial check refuses any other.
    public let activeSubstance: String
    /// The trade name to record, as the label gives it (【药品名称】 商品名称).
    public let tradeName: String
    /// Drug per vial, mg (【规格】).
    public let strengthMg: Decimal
    /// Solution per vial, mL (【规格】).
    public let volumeMl: Decimal
    /// Vials in one pack (【包装】): one GTIN per pack size.
    public let vialsPerPack: Int
    /// The marketing authorisation holder (【上市许可持有人】).
    public let marketingAuthorisationHolder: String
    /// The manufacturer (【生产企业】).
    public let manufacturer: String
    /// The pack as a person would describe it, for screens and records.
    public let packDescription: String
    /// Where the entry's facts come from (label sections, or the site for its GTIN).
    public let source: String

    /// Creates a product; the loader validates every field before calling this.
    public init(
        gtin: GTIN,
        gtinSource: GTINSource,
        activeSubstance: String,
        tradeName: String,
        strengthMg: Decimal,
        volumeMl: Decimal,
        vialsPerPack: Int,
        marketingAuthorisationHolder: String,
        manufacturer: String,
        packDescription: String,
        source: String
    ) {
        self.gtin = gtin
        self.gtinSource = gtinSource
        self.activeSubstance = activeSubstance
        self.tradeName = tradeName
        self.strengthMg = strengthMg
        self.volumeMl = volumeMl
        self.vialsPerPack = vialsPerPack
        self.marketingAuthorisationHolder = marketingAuthorisationHolder
        self.manufacturer = manufacturer
        self.packDescription = packDescription
        self.source = source
    }
}
