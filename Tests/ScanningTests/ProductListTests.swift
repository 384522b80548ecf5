import ConfigFile
import Foundation
import Testing
import TestSupport
@testable import Scanning

/// The site product list: the shipped Config/products.yaml against the label, and each malformation named by
/// file, line and field.
struct ProductListTests {
    /// One valid entry, one field per line. With "products:" on line 1 and "  - gtin:" on line 2, the fields sit
    /// on lines 2 (gtin) to 12 (source) in this order.
    static let fields: [(String, String)] = [
        ("gtin", "\"09520000080013\""),
        ("gtinSource", "sample"),
        ("activeSubstance", "tocilizumab"),
        ("tradeName", "雅美罗® / ACTEMRA®"),
        ("strengthMg", "80"),
        ("volumeMl", "4"),
        ("vialsPerPack", "1"),
        ("marketingAuthorisationHolder", "Roche Pharma (Schweiz) AG"),
        ("manufacturer", "Chugai Pharma Manufacturing Co., Ltd."),
        ("packDescription", "80 mg/4 mL glass vial, 1 vial per carton"),
        ("source", "label 【规格】"),
    ]

    /// YAML for `entries`, each a list of (field, value) lines.
    static func yaml(_ entries: [[(String, String)]]) -> String {
        var text = "products:\n"
        for entry in entries {
            for (index, (key, value)) in entry.enumerated() {
                text += (index == 0 ? "  - " : "    ") + "\(key): \(value)\n"
            }
        }
        return text
    }

    /// `fields` with `key` set to `value` (or removed when `value` is nil).
    static func entry(_ key: String, _ value: String?) -> [(String, String)] {
        fields.compactMap { field in
            guard field.0 == key else { return field }
            return value.map { (key, $0) }
        }
    }

    func parse(_ text: String) throws(ConfigError) -> ProductList {
        try ProductList.parse(ConfigDocument.parse(Data(text.utf8), file: "products.yaml"))
    }

    func refusal(_ text: String) -> ConfigError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: The shipped list

    @Test func shippedListMatchesTheLabel() throws {
        let list = try ProductList.load(path: RepositoryLayout.config("products.yaml").path)
        #expect(list.products.count == 6)  // 【包装】: three strengths, each in cartons of 1 and 4 vials
        // 【规格】 80mg/4ml, 200mg/10ml, 400mg/20ml; 【包装】 1 瓶/盒, 4 瓶/盒.
        let presentations = Set(list.products.map { "\($0.strengthMg) mg/\($0.volumeMl) mL x \($0.vialsPerPack)" })
        #expect(presentations == [
            "80 mg/4 mL x 1", "80 mg/4 mL x 4", "200 mg/10 mL x 1", "200 mg/10 mL x 4", "400 mg/20 mL x 1", "400 mg/20 mL x 4",
        ])
        for product in list.products {
            #expect(product.activeSubstance == "tocilizumab")
            #expect(product.tradeName == "雅美罗® / ACTEMRA®")                          // 【药品名称】
            #expect(product.marketingAuthorisationHolder == "Roche Pharma (Schweiz) AG") // 【上市许可持有人】
            #expect(product.manufacturer == "Chugai Pharma Manufacturing Co., Ltd.")    // 【生产企业】
            #expect(product.source.contains("label"))
            // Samples only, under GS1's demonstration prefix 952.
            #expect(product.gtinSource == .sample)
            #expect(product.gtin.digits.hasPrefix("0952"))
        }
        #expect(list.containsSampleGTINs)
        let fourHundred = try list.product(for: GTIN(validating: "09520000400019"))
        #expect(fourHundred?.strengthMg == 400)
        #expect(fourHundred?.volumeMl == 20)
        #expect(fourHundred?.vialsPerPack == 1)
        #expect(list.bytes.isEmpty == false)
    }

    // MARK: A good file

    @Test func goodFileIsRead() throws {
        let second = Self.entry("gtin", "\"09520000080044\"").map { $0.0 == "vialsPerPack" ? ($0.0, "4") : $0 }
        let list = try parse(Self.yaml([Self.fields, second]))
        #expect(list.products.map(\.gtin.digits) == ["09520000080013", "09520000080044"])
        #expect(list.products[0].strengthMg == Decimal(80))
        #expect(list.products[0].volumeMl == Decimal(4))
        #expect(list.products[1].vialsPerPack == 4)
        #expect(list.file == "products.yaml")
        #expect(try list.product(for: GTIN(validating: "09506000134352")) == nil)
    }

    @Test func siteGTINsAreNotReportedAsSamples() throws {
        let list = try parse(Self.yaml([Self.entry("gtinSource", "site")]))
        #expect(!list.containsSampleGTINs)
    }

    @Test func decimalStrengthsAreExact() throws {
        let list = try parse(Self.yaml([Self.entry("volumeMl", "4.25")]))
        #expect(list.products[0].volumeMl == Decimal(string: "4.25"))
    }

    // MARK: Malformations, each named

    /// 0952000008001 needs check digit 3 (worked in GTINTests); 4 is wrong.
    @Test func badCheckDigit() throws {
        let error = try #require(refusal(Self.yaml([Self.entry("gtin", "\"09520000080014\"")])))
        #expect(error.field == "products[0].gtin")
        #expect(error.line == 2)
        #expect(error.description
            == "products.yaml:2: products[0].gtin: '09520000080014': check digit is 4 but the first 13 digits require 3; the number was misread or mistyped")
    }

    @Test func gtinOfThirteenDigits() throws {
        let error = try #require(refusal(Self.yaml([Self.entry("gtin", "\"9520000080013\"")])))
        #expect(error.field == "products[0].gtin")
        #expect(error.problem == "'9520000080013': expected 14 digits (write a GTIN-13 with a leading 0), found 13 characters")
    }

    @Test func gtinWithLetters() throws {
        let error = try #require(refusal(Self.yaml([Self.entry("gtin", "\"0952000008001A\"")])))
        #expect(error.field == "products[0].gtin")
        #expect(error.problem == "'0952000008001A': expected 14 digits 0-9 only")
    }

    /// An unquoted GTIN is read as written, leading zero included.
    @Test func unquotedGTINKeepsItsLeadingZero() throws {
        let list = try parse(Self.yaml([Self.entry("gtin", "09520000080013")]))
        #expect(list.products[0].gtin.digits == "09520000080013")
    }

    /// Entry 1 on lines 2-12, entry 2 on lines 13-23: its gtin is on line 13.
    @Test func duplicateGTIN() throws {
        let error = try #require(refusal(Self.yaml([Self.fields, Self.fields])))
        #expect(error.field == "products[1].gtin")
        #expect(error.line == 13)
        #expect(error.problem == "09520000080013 is already listed at products[0].gtin (line 2); list each pack once")
    }

    /// A misspelt field is refused, not ignored: "strenghtMg" replaces strengthMg on line 6.
    @Test func unknownField() throws {
        let fields = Self.fields.map { $0.0 == "strengthMg" ? ("strenghtMg", $0.1) : $0 }
        let error = try #require(refusal(Self.yaml([fields])))
        #expect(error.field == "products[0].strenghtMg")
        #expect(error.line == 6)
        #expect(error.problem.hasPrefix("is not a known field here (expected one of: activeSubstance, gtin, gtinSource,"))
    }

    @Test func unknownTopLevelField() throws {
        let error = try #require(refusal(Self.yaml([Self.fields]) + "site: Ward 7\n"))
        #expect(error.field == "site")
        #expect(error.line == 13)
    }

    @Test(arguments: ["gtin", "gtinSource", "activeSubstance", "tradeName", "strengthMg", "volumeMl", "vialsPerPack",
                      "marketingAuthorisationHolder", "manufacturer", "packDescription", "source"])
    func missingField(_ key: String) throws {
        let error = try #require(refusal(Self.yaml([Self.entry(key, nil)])))
        #expect(error.field == "products[0].\(key)")
        #expect(error.problem == "is required but missing")
    }

    /// (field, bad value, expected problem); every value line is hand-numbered from the template.
    @Test(arguments: [
        ("strengthMg", "0", 6, "must be greater than 0, found 0"),
        ("strengthMg", "-80", 6, "must be greater than 0, found -80"),
        ("strengthMg", "80mg", 6, "expected a decimal number such as 20 or 0.1, found '80mg'"),
        ("strengthMg", "8e1", 6, "expected a decimal number such as 20 or 0.1, found '8e1'"),
        ("volumeMl", "0.0", 7, "must be greater than 0, found 0"),
        ("vialsPerPack", "0", 8, "must be at least 1, found 0"),
        ("vialsPerPack", "1.5", 8, "expected a whole number, found '1.5'"),
        ("gtinSource", "real", 3, "expected one of sample, site, found 'real'"),
        ("tradeName", "\"\"", 5, "must not be empty"),
    ] as [(String, String, Int, String)])
    func badValue(key: String, value: String, line: Int, problem: String) throws {
        let error = try #require(refusal(Self.yaml([Self.entry(key, value)])))
        #expect(error.field == "products[0].\(key)")
        #expect(error.line == line)
        #expect(error.problem == problem)
    }

    @Test func emptyProductList() throws {
        let error = try #require(refusal("products: []\n"))
        #expect(error.field == "products")
        #expect(error.problem == "must list at least one item")
    }

    @Test func entryThatIsNotAMapping() throws {
        let error = try #require(refusal("products:\n  - 09520000080013\n"))
        #expect(error.field == "products[0]")
        #expect(error.problem == "expected a mapping of named fields")
    }

    @Test func missingFileIsNamed() throws {
        let directory = try RepositoryLayout.temporaryDirectory("products")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("absent.yaml").path
        #expect(throws: ConfigError.self) { try ProductList.load(path: path) }
        do {
            _ = try ProductList.load(path: path)
        } catch {
            #expect(error.file == path)
            #expect(error.problem.hasPrefix("cannot be read"))
        }
    }
}
