import ConfigFile
import Foundation
import Monograph
import TestSupport
import Testing

/// The reviewed monograph loads, carries the label's numbers, and a malformed one is refused with file, field and line.
@Suite("Monograph loader")
struct MonographLoaderTests {
    static let path = RepositoryLayout.config("tocilizumab.yaml").path
    static let text: String = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""

    func load() throws -> Monograph { try MonographLoader.load(path: Self.path) }

    @Test func theReviewedMonographCarriesTheLabelsNumbers() throws {
        let monograph = try load()
        // 【规格】 80mg/4ml, 200mg/10ml, 400mg/20ml
        #expect(monograph.drug.concentrationMgPerMl.value == 20)
        #expect(monograph.drug.vials.value.map(\.strengthMg) == [80, 200, 400])
        #expect(monograph.drug.vials.value.map(\.volumeMl) == [4, 10, 20])
        #expect(monograph.drug.tradeNames.value.contains("ACTEMRA®"))
        // 【用法用量】
        #expect(monograph.doseCapMg.value == 800)
        #expect(monograph.preparation.minimumInfusionMinutes.value == 60)
        #expect(monograph.ra.dosingIntervalHours.value == Decimal(672))  // 28 days
        #expect(monograph.sjia.dosingIntervalHours.value == Decimal(336))  // 14 days
        #expect(monograph.crs.dosingIntervalHours.value == 8)
        #expect(monograph.crs.maximumDosesPerEpisode?.value == 4)
        #expect(monograph.sjia.bands.map(\.mgPerKg) == [12, 8])
        #expect(monograph.sjia.bands.map(\.bagVolumeMl) == [50, 100])
        #expect(monograph.crs.bands.map(\.mgPerKg) == [12, 8])
        #expect(monograph.ra.bands.map(\.bagVolumeMl) == [100])
        #expect(monograph.sjia.doseCapIsPolicy)
        #expect(!monograph.ra.doseCapIsPolicy && !monograph.crs.doseCapIsPolicy)
        // 【贮藏】 and the diluted bag
        #expect(monograph.storage.unopenedVials.value.minimumCelsius == 2)
        #expect(monograph.storage.unopenedVials.value.maximumCelsius == 8)
        #expect(monograph.storage.unopenedVials.value.protectFromLight && monograph.storage.unopenedVials.value.doNotFreeze)
        #expect(monograph.storage.dilutedBag.value.beyondUseHours == 24)
        #expect(monograph.checklist.count >= 6)
    }

    @Test func everySourceCitesALabelSectionOrAPolicy() throws {
        let monograph = try load()
        var sources: [Source] = [monograph.drug.concentrationMgPerMl.source, monograph.doseCapMg.source, monograph.sjia.doseCapSource]
        sources += monograph.ageRules.map(\.source) + monograph.checklist.map(\.source)
        sources += monograph.laboratory.tables.flatMap { $0.rules.map(\.source) }
        for source in sources {
            switch source.kind {
            case .label(let section): #expect(section.hasPrefix("【") && section.hasSuffix("】"))
            case .policy: #expect(source.text.count > "policy: ".count + 10)
            }
        }
        #expect(monograph.sjia.doseCapSource.isPolicy)
        #expect(monograph.inputRanges.weightKg.source.isPolicy)
    }

    @Test func theDigestIsTheFilesSHA256() async throws {
        let outcome = try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [Self.path])
        let expected = String(outcome.stdout.prefix(64))
        #expect(expected.count == 64)
        #expect(try load().sha256 == expected)
    }

    /// Loads the real monograph with one textual change; returns the error.
    func refusal(_ original: String, _ replacement: String) throws -> ConfigError {
        #expect(Self.text.contains(original), "fixture text not found: \(original)")
        let changed = Self.text.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try MonographLoader.parse(Data(changed.utf8), file: "Config/tocilizumab.yaml")
        } catch {
            return error
        }
        Issue.record("accepted a malformed monograph")
        return ConfigError(file: "", field: "", line: nil, problem: "")
    }

    @Test("malformed monographs are refused naming the field", arguments: [
        // (original text, replacement, field named, words in the problem)
        ("    value: 20\n", "    value: twenty\n", "drug.concentrationMgPerMl.value", "decimal"),
        ("{strengthMg: 200, volumeMl: 10}", "{strengthMg: 200, volumeMl: 12}", "drug.vials.value[1]", "20 mg/mL"),
        ("doseCapMg:\n  value: 800", "doseCapMg:\n  valu: 800", "doseCapMg.valu", "not a known field"),
        ("doseCapMg:\n  value: 800", "doseCapMg:\n  value: 0", "doseCapMg.value", "greater than 0"),
        ("- {weightKg: \"[0, 30)\", mgPerKg: 12, bagVolumeMl: 50, source: \"label 【用法用量】 患者体重<30 kg",
         "- {weightKg: \"[0, 31)\", mgPerKg: 12, bagVolumeMl: 50, source: \"label 【用法用量】 患者体重<30 kg", "indications.sjia.dosing.bands[1].weightKg", "overlaps"),
        ("- {weightKg: \"[0, 30)\", mgPerKg: 12, bagVolumeMl: 50, source: \"label 【用法用量】 患者体重<30 kg",
         "- {weightKg: \"[0, 29)\", mgPerKg: 12, bagVolumeMl: 50, source: \"label 【用法用量】 患者体重<30 kg", "indications.sjia.dosing.bands", "gap"),
        ("source: \"label 【贮藏】 2～8℃，避光保存和运输，不得冷冻\"", "source: \"the label\"", "storage.unopenedVials.source", "label 【section】"),
        ("{measure: ancE9PerL, range: \"[0.5, 1]\", action: hold, code: ANC_0_5_TO_1,",
         "{measure: ancE9PerL, range: \"[0.5, 1]\", action: hold, persistentAction: hold, code: ANC_0_5_TO_1,",
         "laboratory.tables[0].rules[3].persistentAction", "only liverXUln"),
        ("{measure: ancE9PerL, range: \"[0.5, 1]\", action: hold, code: ANC_0_5_TO_1,",
         "{measure: ancE9PerL, range: \"[0.4, 1]\", action: hold, code: ANC_0_5_TO_1,", "laboratory.tables[0].rules[4].range", "overlaps"),
        ("range: \"(5, inf)\", action: discontinue, code: LIVER_ABOVE_5_ULN,", "range: \"(5, inf]\", action: discontinue, code: LIVER_ABOVE_5_ULN,",
         "laboratory.tables[0].rules[2].range", "interval"),
        ("action: hold, persistentAction: discontinue, code: LIVER_3_TO_5_ULN", "action: pause, persistentAction: discontinue, code: LIVER_3_TO_5_ULN",
         "laboratory.tables[0].rules[1].action", "expected one of"),
        ("    dosingIntervalHours:\n      value: 8\n", "    dosingIntervalHours:\n      value: 8\n      value: 9\n", "value", "twice"),
        ("  durationMinutes:\n    value: \"[60, 1440]\"", "  durationMinutes:\n    value: \"[30, 1440]\"", "inputRanges.durationMinutes", "minimumInfusionMinutes"),
        ("schemaVersion: 1", "schemaVersion: 2", "schemaVersion", "schema version 1"),
        ("      firstDoseDefaultMgPerKg:\n        value: 8", "      firstDoseDefaultMgPerKg:\n        value: 6", "indications.ra.dosing.firstDoseDefaultMgPerKg", "prescribableMgPerKg"),
    ])
    func malformed(original: String, replacement: String, field: String, problem: String) throws {
        let error = try refusal(original, replacement)
        #expect(error.file == "Config/tocilizumab.yaml")
        #expect(error.field == field)
        #expect(error.problem.contains(problem), "\(error)")
        #expect(error.line != nil)
        #expect(error.description.hasPrefix("Config/tocilizumab.yaml:"))
    }

    @Test func aMissingSectionIsNamed() throws {
        let withoutChecklist = Self.text.components(separatedBy: "preAdministrationChecklist:").first ?? ""
        do {
            _ = try MonographLoader.parse(Data(withoutChecklist.utf8), file: "m.yaml")
            Issue.record("accepted a monograph without its checklist")
        } catch {
            #expect(error.field == "preAdministrationChecklist")
            #expect(error.problem == "is required but missing")
        }
    }

    @Test func aliasesAndNonYAMLAreRefused() {
        #expect(throws: ConfigError.self) { try MonographLoader.parse(Data("a: &x 1\nb: *x\n".utf8), file: "m.yaml") }
        #expect(throws: ConfigError.self) { try MonographLoader.parse(Data("drug: [unclosed\n".utf8), file: "m.yaml") }
        #expect(throws: ConfigError.self) { try MonographLoader.parse(Data(), file: "m.yaml") }
        #expect(throws: ConfigError.self) { try MonographLoader.parse(Data([0xFF, 0xFE, 0x00]), file: "m.yaml") }
    }

    @Test func aMissingFileIsNamed() {
        do {
            _ = try MonographLoader.load(path: "/nonexistent/tocilizumab.yaml")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.file == "/nonexistent/tocilizumab.yaml")
            #expect(error.problem.contains("cannot be read"))
        }
    }
}
