import Foundation
import TestSupport
import Testing

/// `infusion prepare` as other tools use it: the real binary, its JSON contract, exit codes and one-line errors.
@Suite("infusion prepare")
struct PrepareCommandTests {
    static let infusion = RepositoryLayout.product("infusion")
    static let base = ["prepare", "--indication", "ra", "--weight-kg", "70", "--age-years", "45", "--first-dose",
                       "--at", "2026-11-26T08:00:00Z", "--alt-xuln", "0.8", "--ast-xuln", "0.9", "--anc", "3.2", "--platelets", "210"]

    func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> ProcessOutcome {
        try await ProcessRunner.run(Self.infusion, arguments, environment: environment, currentDirectory: RepositoryLayout.root)
    }

    func json(_ outcome: ProcessOutcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    @Test func jsonCarriesTheWholeContract() async throws {
        let outcome = try await run(Self.base + ["--format", "json"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stderr.isEmpty)
        let object = try json(outcome)
        // 8 mg/kg x 70 kg = 560 mg = 28.0 mL; 100 mL bag; 5.60 mg/mL; 100 mL over 60 min = 100.0 mL/h; 400 + 2 x 80.
        #expect(object["decision"] as? String == "proceed")
        #expect((object["reasons"] as? [Any])?.isEmpty == true)
        #expect(object["mgPerKg"] as? Double == 8)
        #expect(object["calculatedDoseMg"] as? Double == 560)
        #expect(object["doseMg"] as? Double == 560)
        #expect(object["drugVolumeMl"] as? Double == 28)
        #expect(object["salineWithdrawMl"] as? Double == 28)
        #expect(object["bagVolumeMl"] as? Double == 100)
        #expect(object["finalVolumeMl"] as? Double == 100)
        #expect(object["concentrationMgPerMl"] as? Double == 5.6)
        #expect(object["rateMlPerHour"] as? Double == 100)
        #expect(object["durationMinutes"] as? Double == 60)
        #expect(object["wasteMg"] as? Double == 0)
        let vials = try #require(object["vials"] as? [[String: Any]])
        #expect(vials.map { $0["strengthMg"] as? Double } == [400, 80])
        #expect(vials.map { $0["count"] as? Int } == [1, 2])
        #expect(object["beyondUseAt"] as? String == "2026-11-27T08:00:00Z")
        #expect(object["earliestNextDoseAt"] as? String == "2026-12-24T08:00:00Z")
        let digest = try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [RepositoryLayout.config("tocilizumab.yaml").path])
        #expect(object["monographSha256"] as? String == String(digest.stdout.prefix(64)))
    }

    @Test func reasonsHaveTheirFourFields() async throws {
        let outcome = try await run(["prepare", "--indication", "crs", "--weight-kg", "40", "--age-years", "70",
                               "--previous-dose", "2026-11-26T02:00:00Z", "--at", "2026-11-26T08:00:00Z", "--format", "json"])
        #expect(outcome.exitCode == 0)
        let object = try json(outcome)
        #expect(object["decision"] as? String == "hold")
        let reasons = try #require(object["reasons"] as? [[String: String]])
        #expect(Set(reasons.compactMap { $0["code"] }) == ["DOSE_TOO_EARLY", "REPEAT_DOSE_NEEDS_NO_IMPROVEMENT", "AGE_65_OR_OVER"])
        for reason in reasons {
            #expect(Set(reason.keys) == ["code", "severity", "message", "source"])
            #expect(["block", "warning", "info"].contains(reason["severity"] ?? ""))
        }
        // Early CRS dose: 6 h after the last, 8 h needed.
        #expect(object["earliestNextDoseAt"] as? String == "2026-11-26T10:00:00Z")
        #expect(object["doseMg"] is NSNull)
        #expect(object["vials"] is NSNull)
    }

    @Test("every decision exits 0", arguments: [
        (["--hypersensitivity"], "refuse"), (["--active-infection"], "hold"), (["--anc", "0.4"], "refuse"),
    ])
    func decisionsExitZero(extra: [String], decision: String) async throws {
        // An option given twice is refused (exit 2), so a value in `extra` replaces the base's instead of repeating it.
        var arguments = Self.base
        if let option = extra.first, extra.count == 2, let index = arguments.firstIndex(of: option) {
            arguments[index + 1] = extra[1]
        } else {
            arguments += extra
        }
        let outcome = try await run(arguments + ["--format", "json"])
        #expect(outcome.exitCode == 0)
        #expect(try json(outcome)["decision"] as? String == decision)
    }

    @Test("bad input: exit 2, one line naming the option, nothing on stdout", arguments: [
        (["--weight-kg", "abc"], "--weight-kg"), (["--weight-kg", "NaN"], "--weight-kg"), (["--weight-kg", "301"], "--weight-kg"),
        (["--anc", "1500"], "--anc"), (["--platelets", "-1"], "--platelets"), (["--duration-minutes", "45"], "--duration-minutes"),
        (["--mg-per-kg", "6"], "--mg-per-kg"), (["--indication", "gout"], "--indication"), (["--format", "xml"], "--format"),
        (["--at", "yesterday"], "--at"), (["--previous-dose", "2026-10-01T08:00:00Z"], "--first-dose"),
        (["--start-at", "2026-11-26T07:00:00Z"], "--start-at"), (["--bogus"], "--bogus"), (["--weight-kg"], "--weight-kg"),
    ])
    func badInput(extra: [String], option: String) async throws {
        var arguments = Self.base
        // Replace an option already in the base list, or append.
        if let flag = extra.first, let index = arguments.firstIndex(of: flag), extra.count == 2 {
            arguments[index + 1] = extra[1]
        } else {
            arguments += extra
        }
        let outcome = try await run(arguments + ["--format", "json"].filter { _ in !extra.contains("--format") })
        #expect(outcome.exitCode == 2)
        #expect(outcome.stdout.isEmpty)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(option), "\(outcome.stderr)")
    }

    @Test func missingOptionsNameTheirRange() async throws {
        let outcome = try await run(["prepare", "--indication", "ra", "--age-years", "45", "--first-dose"])
        #expect(outcome.exitCode == 2)
        #expect(outcome.stderr == "error: --weight-kg is required (between 3 and 300 kg)\n")
    }

    @Test func theWorksheetGuidesThePharmacist() async throws {
        let outcome = try await run(["prepare", "--indication", "ra", "--weight-kg", "72.3", "--age-years", "45", "--first-dose",
                               "--at", "2026-11-26T08:00:00Z", "--alt-xuln", "0.8", "--ast-xuln", "0.9", "--anc", "3.2", "--platelets", "210"])
        #expect(outcome.exitCode == 0)
        let text = outcome.stdout
        // 578 mg: withdraw 28.9 mL saline first; whole 400 mg vial, then 8.9 mL of a 200 mg vial.
        for expected in [
            "DECISION: PROCEED", "FIRST withdraw and discard 28.9 mL of saline", "Draw the whole 20.0 mL from the 400 mg/20 mL vial",
            "Then draw 8.9 mL from one 200 mg/10 mL vial", "5.78 mg/mL", "100.0 mL/h", "gently inverting", "clear to opalescent",
            "colourless to pale yellow", "free of visible particles", "Record trade name and lot", "Beyond use: 2026-11-27T08:00:00Z",
            "refrigerated at 2-8 °C", "【注意事项】 肺结核", "【注意事项】 疫苗", "【孕妇及哺乳期妇女用药】", "Renal impairment", "Hepatic impairment",
            "protect from light", "do not freeze", "Monograph SHA-256:",
        ] {
            #expect(text.contains(expected), "worksheet lacks: \(expected)")
        }
        let withdraw = try #require(text.range(of: "FIRST withdraw"))
        let draw = try #require(text.range(of: "Draw the whole"))
        #expect(withdraw.lowerBound < draw.lowerBound)
    }

    @Test func crsWorksheetSaysSevereOrLifeThreatening() async throws {
        let outcome = try await run(["prepare", "--indication", "crs", "--weight-kg", "25", "--age-years", "10", "--first-dose", "--at", "2026-11-26T08:00:00Z"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.contains("Severe or life-threatening cytokine release syndrome"))
    }

    @Test func aBrokenMonographIsRefusedNamingFileAndField() async throws {
        let directory = try RepositoryLayout.temporaryDirectory("monograph")
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try String(contentsOf: RepositoryLayout.config("tocilizumab.yaml"), encoding: .utf8)
        let bad = good.replacingOccurrences(of: "doseCapMg:\n  value: 800", with: "doseCapMg:\n  value: lots")
        try bad.write(to: directory.appendingPathComponent("tocilizumab.yaml"), atomically: true, encoding: .utf8)
        for outcome in await [try run(Self.base + ["--config-dir", directory.path]),
                        try run(Self.base, environment: ["INFUSION_CONFIG_DIR": directory.path])] {
            #expect(outcome.exitCode == 2)
            #expect(outcome.stdout.isEmpty)
            #expect(outcome.stderr.contains("tocilizumab.yaml:"))
            #expect(outcome.stderr.contains("doseCapMg.value"))
        }
    }

    @Test func theConfigurationIsFoundFromAnyDirectory() async throws {
        let elsewhere = try RepositoryLayout.temporaryDirectory("cwd")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let outcome = try await ProcessRunner.run(Self.infusion, Self.base + ["--format", "json"], currentDirectory: elsewhere)
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
    }
}
