import ConfigFile
import Foundation
import FuzzSupport
import Scanning

/// The real site product list, `Config/products.yaml`, loaded once per process.
///
/// The vial check is fuzzed against the list the site actually ships, so that the GTINs in the seeds are found and
/// the deep paths (expiry, lot) are reached. Found like the CLI finds it: `$INFUSION_CONFIG_DIR`, `./Config`, or the
/// `Config/` of the checkout the binary was built in. A list that cannot be read is a setup error, not a finding.
enum SiteProducts {
    /// The list; the process stops with a message and exit status 2 when it cannot be loaded.
    static let list: ProductList = {
        do {
            let path = try ConfigLocator.path(of: "products.yaml", explicit: nil)
            return try ProductList.load(path: path)
        } catch {
            FileHandle.standardError.write(Data("fuzz-gs1: cannot load the product list: \(error)\n".utf8))
            exit(2)
        }
    }()

    /// The same list keyed by GTIN digits, built here so the vial check's own lookup is checked, not trusted.
    static let byDigits: [String: Product] = {
        var table: [String: Product] = [:]
        for product in list.products { table[product.gtin.digits] = product }
        return table
    }()
}
