/// Where a product-list GTIN came from, so that invented numbers can never pass for real ones unnoticed.
///
/// The drug label does not print GTINs. This repository ships sample GTINs under GS1 prefix 952, which GS1
/// reserves for demonstrations and examples and never allocates to a company; a hospital replaces them with the
/// GTINs printed on the packs it stocks and marks those `site`.
public enum GTINSource: String, CaseIterable, Sendable, Hashable {
    /// Invented for this repository (valid check digit, demonstration prefix 952); not on any real pack.
    case sample
    /// Read by the site from a pack it stocks.
    case site
}
