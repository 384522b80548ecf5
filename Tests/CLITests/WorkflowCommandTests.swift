import Foundation
import GRDB
import TestSupport
import Testing

/// The workflow commands as a pharmacy system or a script drives them: the real binary, a real journal on disk.
@Suite("infusion workflow commands")
struct WorkflowCommandTests {
    static let infusion = RepositoryLayout.product("infusion")
    static let vial400 = "]d2010952000040001917271231104001\u{1D}21A1"
    static let vial80a = "]d2010952000008001317271231108001\u{1D}21B1"
    static let vial80b = "]d2010952000008001317271231108001\u{1D}21B2"

    let dataDirectory: URL

    init() throws {
        dataDirectory = try RepositoryLayout.temporaryDirectory("cli-workflow")
    }

    func run(_ arguments: [String]) async throws -> ProcessOutcome {
        try await ProcessRunner.run(Self.infusion, arguments + ["--data-dir", dataDirectory.path], currentDirectory: RepositoryLayout.root)
    }

    func json(_ outcome: ProcessOutcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome.stdout) \(outcome.stderr)")
    }

    func entryCount() async throws -> Int {
        let outcome = try await ProcessRunner.run(Self.infusion, ["journal", "verify", "--format", "json", "--data-dir", dataDirectory.path])
        return try json(outcome)["entries"] as? Int ?? -1
    }

    /// Orders RA 70 kg first dose (560 mg, 28.0 mL) and returns the preparation id.
    func order() async throws -> String {
        let outcome = try await run(["order", "--patient", "PAT-1", "--by", "dr-li", "--indication", "ra", "--weight-kg", "70", "--age-years", "50",
                               "--first-dose", "--alt-xuln", "0.8", "--ast-xuln", "0.9", "--anc", "3", "--platelets", "200", "--format", "json"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        let record = try #require(try json(outcome)["record"] as? [String: Any])
        #expect(record["state"] as? String == "calculated")
        return try #require(record["preparationId"] as? String)
    }

    func state(_ outcome: ProcessOutcome) throws -> String? {
        try json(outcome)["state"] as? String
    }

    @Test func aPreparationGoesFromOrderToTheBedside() async throws {
        let id = try await order()
        await #expect(try state(run(["verify", "--prep", id, "--pharmacist", "ph-1", "--format", "json"])) == "verified")
        await #expect(try state(run(["scan", "--prep", id, "--by", "t-1", "--code", Self.vial400, "--code", Self.vial80a, "--code", Self.vial80b, "--format", "json"])) == "compounding")
        await #expect(try state(run(["compound", "--prep", id, "--by", "t-1", "--drug-drawn-ml", "28.0", "--saline-withdrawn-ml", "28", "--inspection", "passed", "--format", "json"])) == "compounded")
        await #expect(try state(run(["check", "--prep", id, "--checker", "ph-2", "--format", "json"])) == "checked")
        let label = try await run(["label", "--prep", id, "--by", "ph-2"])
        #expect(label.stdout.contains("Tocilizumab 560 mg in 100 mL"))
        await #expect(try state(run(["dispense", "--prep", id, "--by", "ph-2", "--format", "json"])) == "dispensed")
        let bedside = try await json(run(["bedside", "--prep", id, "--nurse", "rn-1", "--bag", id, "--patient", "PAT-1", "--format", "json"]))
        #expect(bedside["state"] as? String == "atBedside")
        let vials = try #require(bedside["vials"] as? [[String: Any]])
        #expect(vials.map { $0["lot"] as? String } == ["4001", "8001", "8001"])
        await #expect(try entryCount() == 11)
        let verify = try await ProcessRunner.run(Self.infusion, ["journal", "verify", "--data-dir", dataDirectory.path])
        #expect(verify.exitCode == 0)
        #expect(verify.stdout.contains("intact: 11 entries"))
    }

    @Test("bad input on every command: exit 2, one line naming the option, nothing written", arguments: [
        ["verify", "--pharmacist", "ph-1"],
        ["verify", "--prep", "PREP"],
        ["scan", "--prep", "PREP", "--by", "t-1"],
        ["scan", "--prep", "PREP", "--code", "x"],
        ["compound", "--prep", "PREP", "--by", "t-1", "--drug-drawn-ml", "abc", "--saline-withdrawn-ml", "28", "--inspection", "passed"],
        ["compound", "--prep", "PREP", "--by", "t-1", "--drug-drawn-ml", "28", "--saline-withdrawn-ml", "-1", "--inspection", "passed"],
        ["compound", "--prep", "PREP", "--by", "t-1", "--drug-drawn-ml", "28", "--saline-withdrawn-ml", "28", "--inspection", "maybe"],
        ["check", "--prep", "PREP"],
        ["label", "--prep", "PREP"],
        ["dispense", "--prep", "PREP"],
        ["bedside", "--prep", "PREP", "--nurse", "rn-1", "--bag", "PREP"],
        ["hold", "--prep", "PREP", "--by", "ph-1"],
        ["discard", "--prep", "PREP", "--by", "ph-1", "--reason", ""],
        ["cancel", "--prep", "PREP", "--reason", "x"],
        ["order", "--by", "dr-li", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--first-dose"],
        ["order", "--patient", "PAT 1", "--by", "dr-li", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--first-dose"],
        ["order", "--patient", "PAT-1", "--by", "dr-li", "--indication", "ra", "--weight-kg", "700", "--age-years", "50", "--first-dose"],
        ["order", "--patient", "PAT-1", "--by", "dr-li", "--indication", "crs", "--weight-kg", "40", "--age-years", "50", "--first-dose"],
        ["verify", "--prep", "P-NOSUCHPREP", "--pharmacist", "ph-1"],
        ["verify", "--prep", "PREP", "--pharmacist", "ph 1"],
        ["show", "--prep", "P-NOSUCHPREP"],
    ])
    func badInput(arguments: [String]) async throws {
        let id = try await order()
        let before = try await entryCount()
        let outcome = try await run(arguments.map { $0 == "PREP" ? id : $0 })
        #expect(outcome.exitCode == 2, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("error: "))
        await #expect(try entryCount() == before)
    }

    @Test func anIllegalTransitionIsRefusedAndJournalled() async throws {
        let id = try await order()
        let before = try await entryCount()
        let outcome = try await run(["dispense", "--prep", id, "--by", "ph-2"])
        #expect(outcome.exitCode == 2)
        #expect(outcome.stderr.contains("is calculated"))
        #expect(outcome.stdout.isEmpty)
        await #expect(try entryCount() == before + 1)
        let show = try await ProcessRunner.run(Self.infusion, ["journal", "show", "--prep", id, "--data-dir", dataDirectory.path])
        #expect(show.stdout.contains("workflow.refused"))
        #expect(show.stdout.contains("ph-2"))
    }

    @Test func aTamperedJournalIsNamedAndStopsTheWorkflow() async throws {
        let id = try await order()
        _ = try await run(["verify", "--prep", id, "--pharmacist", "ph-1"])
        let database = try DatabaseQueue(path: dataDirectory.appendingPathComponent("journal.sqlite").path)
        try await database.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS journal_entry_no_update; DROP TRIGGER IF EXISTS journal_entry_no_delete")
            try db.execute(sql: "UPDATE journal_entry SET actor = 'someone-else' WHERE seq = 2")
        }
        try database.close()
        let verify = try await ProcessRunner.run(Self.infusion, ["journal", "verify", "--format", "json", "--data-dir", dataDirectory.path])
        #expect(verify.exitCode == 1)
        #expect(try json(verify)["firstBadEntry"] as? Int == 2)
        let step = try await run(["show", "--prep", id])
        #expect(step.exitCode == 1)
        #expect(step.stderr.contains("fails verification"))
        #expect(step.stdout.isEmpty)
    }

    @Test func exportsCarryEveryEntry() async throws {
        _ = try await order()
        let jsonl = try await ProcessRunner.run(Self.infusion, ["journal", "export", "--format", "jsonl", "--data-dir", dataDirectory.path])
        #expect(jsonl.exitCode == 0)
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(Set(first.keys) == ["seq", "time", "actor", "preparationId", "event", "data", "prevHash", "hash"])
        #expect(first["event"] as? String == "workflow.order")
        let csv = try await ProcessRunner.run(Self.infusion, ["journal", "export", "--format", "csv", "--data-dir", dataDirectory.path])
        #expect(csv.stdout.hasPrefix("seq,time,actor,preparationId,event,data,prevHash,hash\r\n"))
        #expect(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3)
    }

    /// Only `order` starts a journal: `show` on a data directory without one refuses and creates nothing (a mistyped
    /// $INFUSION_DATA_DIR must not leave an empty journal behind), then the first order creates it.
    @Test func theDataDirectoryComesFromTheEnvironmentAndIsCreatedByTheFirstOrder() async throws {
        let fresh = dataDirectory.appendingPathComponent("nested/data")
        let show = try await ProcessRunner.run(Self.infusion, ["show", "--format", "json"], environment: ["INFUSION_DATA_DIR": fresh.path],
                                               currentDirectory: RepositoryLayout.root)
        #expect(show.exitCode == 2)
        #expect(show.stdout.isEmpty)
        #expect(show.stderr.hasPrefix("error: --data-dir: no journal at \(fresh.path)/journal.sqlite"), "\(show.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
        let order = try await ProcessRunner.run(Self.infusion, [
            "order", "--patient", "PAT-1", "--by", "dr-li", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--first-dose",
        ], environment: ["INFUSION_DATA_DIR": fresh.path], currentDirectory: RepositoryLayout.root)
        #expect(order.exitCode == 0, "\(order.stderr)")
        #expect(FileManager.default.fileExists(atPath: fresh.appendingPathComponent("journal.sqlite").path))
    }
}
