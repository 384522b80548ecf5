import ConfigFile
import Foundation
import TestSupport
import Testing

@Suite("Strict configuration reading")
struct ConfigNodeTests {
    func root(_ yaml: String) throws -> ConfigNode {
        try ConfigDocument.parse(Data(yaml.utf8), file: "t.yaml").root
    }

    @Test("decimals are read exactly from their text", arguments: [("20", "20"), ("0.1", "0.1"), ("-3.5", "-3.5"), ("0.30", "0.3")])
    func decimals(text: String, expected: String) throws {
        #expect(try root("v: \(text)").field("v").decimal() == Decimal(string: expected))
    }

    @Test("loose numbers are refused", arguments: ["12abc", "1e3", "NaN", ".5", "5.", "0x10", "--1", "1,5", "inf"])
    func looseNumbers(_ text: String) throws {
        let node = try root("v: '\(text)'").field("v")
        #expect(throws: ConfigError.self) { try node.decimal() }
        #expect(StrictDecimal.parse(text) == nil)
    }

    @Test func errorsNameFileFieldAndLine() throws {
        let document = try root("a:\n  b:\n    c: x\n")
        do {
            _ = try document.field("a").field("b").field("c").decimal()
            Issue.record("accepted x as a number")
        } catch {
            #expect(error.field == "a.b.c")
            #expect(error.line == 3)
            #expect(error.description == "t.yaml:3: a.b.c: expected a decimal number such as 20 or 0.1, found 'x'")
        }
    }

    @Test func missingAndUnknownFields() throws {
        let document = try root("a: 1\nb: 2\n")
        #expect(throws: ConfigError.self) { try document.field("c") }
        #expect(throws: ConfigError.self) { try document.requireOnlyFields(["a"]) }
        try document.requireOnlyFields(["a", "b"])
    }

    @Test func duplicateKeysAndAliasesAreRefused() {
        #expect(throws: ConfigError.self) { try root("a: 1\na: 2\n") }
        #expect(throws: ConfigError.self) { try root("a: &anchor 1\nb: *anchor\n") }
        #expect(throws: ConfigError.self) { try root("a: &anchor [1, 2]\nb:\n  - *anchor\n") }
        #expect(throws: ConfigError.self) { try root("a: &anchor {x: 1}\nb: {y: *anchor}\n") }
    }

    @Test func billionLaughsStopsAtTheFirstAlias() throws {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(refs)]\n"
        }
        do {
            _ = try root(yaml)
            Issue.record("accepted a billion-laughs document")
        } catch let error as ConfigError {
            #expect(error.problem.contains("anchors are not accepted"))
            #expect(error.line == 1)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("the fuzzer's exponential inputs are refused before composing", arguments: [
        "yams-alias-as-mapping-key-exponential-hash.yaml", "yams-duplicate-complex-keys-exponential-sort.yaml",
    ])
    func fuzzRegressions(_ name: String) throws {
        let url = RepositoryLayout.root.appendingPathComponent("Fuzz/Regressions/fuzz-monograph/\(name)")
        let data = try Data(contentsOf: url)
        do {
            _ = try ConfigDocument.parse(data, file: name)
            Issue.record("accepted \(name)")
        } catch {
            #expect(error.problem.contains("not accepted") || error.problem.contains("plain names"), "\(error)")
            #expect(error.line != nil)
        }
    }

    @Test("what a configuration never needs is refused with its line", arguments: [
        ("a: !!binary UkE=\n", "tags"), ("? [x]\n: 1\n", "plain names"), ("? {k: v}\n: 1\n", "plain names"),
        ("a: &x 1\n", "anchors"), ("a: ~\n", "null"), ("a: null\n", "null"),
        (String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n", "deeper"),
    ])
    func refusedConstructs(yaml: String, words: String) throws {
        do {
            let document = try root(yaml)
            _ = try document.field("a").string()
            Issue.record("accepted \(yaml)")
        } catch let error as ConfigError {
            #expect(error.problem.contains(words), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func oversizedDocumentsAreRefusedBeforeParsing() {
        let big = Data(repeating: UInt8(ascii: "#"), count: ConfigDocument.maximumBytes + 1)
        #expect(throws: ConfigError.self) { try ConfigDocument.parse(big, file: "big.yaml") }
    }
}
