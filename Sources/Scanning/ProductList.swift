import ConfigFile
import Foundation

/// The site's product list (`Config/products.yaml`): every pack the hospital stocks, keyed by GTIN.
///
/// Read strictly: a malformed or duplicate GTIN, a bad check digit, an unknown or missing field each refuse the
/// whole file with `file:line: field: problem`, because a half-read list could map a scan to the wrong pack.
public struct ProductList: Sendable {
    /// The fields an entry must have; any other is refused so that a misspelt field is never silently ignored.
    static let entryFields: Set<String> = [
        "gtin", "gtinSource", "activeSubstance", "tradeName", "strengthMg", "volumeMl", "vialsPerPack",
        "marketingAuthorisationHolder", "manufacturer", "packDescription", "source",
    ]

    /// The packs, in file order.
    public let products: [Product]
    /// The file the list was read from, as named by the caller (for messages).
    public let file: String
    /// The file's exact bytes, so a caller can record a digest of the list it used.
    public let bytes: Data

    private let byGTIN: [GTIN: Product]

    /// The product a GTIN stands for, or nil when the site does not stock that pack.
    public func product(for gtin: GTIN) -> Product? {
        byGTIN[gtin]
    }

    /// True when any entry still carries a repository sample GTIN: a deployment check should refuse such a list.
    public var containsSampleGTINs: Bool {
        products.contains { $0.gtinSource == .sample }
    }

    /// Reads and validates the product list at `path`.
    public static func load(path: String) throws(ConfigError) -> ProductList {
        try parse(ConfigDocument.load(path: path))
    }

    /// Validates an already-read document (tests and callers that hold the bytes).
    public static func parse(_ document: ConfigDocument) throws(ConfigError) -> ProductList {
        let root = document.root
        try root.requireOnlyFields(["products"])
        var products: [Product] = []
        var byGTIN: [GTIN: Product] = [:]
        var firstSeen: [GTIN: ConfigNode] = [:]
        for entry in try root.field("products").nonEmptyItems() {
            let product = try readProduct(entry)
            let gtinNode = try entry.field("gtin")
            if let earlier = firstSeen[product.gtin] {
                let line = earlier.line.map { " (line \($0))" } ?? ""
                throw gtinNode.error("\(product.gtin) is already listed at \(earlier.path)\(line); list each pack once")
            }
            firstSeen[product.gtin] = gtinNode
            byGTIN[product.gtin] = product
            products.append(product)
        }
        return ProductList(products: products, file: root.file, bytes: document.bytes, byGTIN: byGTIN)
    }

    private init(products: [Product], file: String, bytes: Data, byGTIN: [GTIN: Product]) {
        self.products = products
        self.file = file
        self.bytes = bytes
        self.byGTIN = byGTIN
    }

    private static func readProduct(_ entry: ConfigNode) throws(ConfigError) -> Product {
        try entry.requireOnlyFields(entryFields)
        let gtinNode = try entry.field("gtin")
        let gtinText = try gtinNode.string()
        let gtin: GTIN
        do {
            gtin = try GTIN(validating: gtinText)
        } catch {
            throw gtinNode.error("\(ScalarText.quote(gtinText)): \(error)")
        }
        return Product(
            gtin: gtin,
            gtinSource: try entry.field("gtinSource").oneOf(GTINSource.self),
            activeSubstance: try entry.field("activeSubstance").string(),
            tradeName: try entry.field("tradeName").string(),
            strengthMg: try positive(entry.field("strengthMg")),
            volumeMl: try positive(entry.field("volumeMl")),
            vialsPerPack: try atLeastOne(entry.field("vialsPerPack")),
            marketingAuthorisationHolder: try entry.field("marketingAuthorisationHolder").string(),
            manufacturer: try entry.field("manufacturer").string(),
            packDescription: try entry.field("packDescription").string(),
            source: try entry.field("source").string()
        )
    }

    private static func atLeastOne(_ node: ConfigNode) throws(ConfigError) -> Int {
        let value = try node.int()
        guard value >= 1 else { throw node.error("must be at least 1, found \(value)") }
        return value
    }

    private static func positive(_ node: ConfigNode) throws(ConfigError) -> Decimal {
        let value = try node.decimal()
        guard value > 0 else { throw node.error("must be greater than 0, found \(value)") }
        return value
    }
}
