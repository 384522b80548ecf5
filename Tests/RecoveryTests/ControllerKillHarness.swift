import Foundation
import Journal
import Monograph
import Preparation
import Scanning
import TestSupport
import Testing
import Workflow

/// One crash-recovery run: a bag at the bedside, a real `pump-sim`, the real `infusion` controller killed with
/// SIGKILL right after its `killAfter`-th durable journal entry (plus a jitter), then restarted as a nurse would
/// until the infusion completes.
struct ControllerKillRun {
    /// What a run established, for the assertions.
    struct Outcome {
        var reported: [(sequence: Int64, hash: String)] = []
        var killed = false
        var stateAfterKill: String?
        var restarts: [String] = []
        var final: [String: Any] = [:]
        var entries: [JournalEntry] = []
        var intact = false
        var simulatorOutput: [String] = []
        var simulatorTrace: [String] = []
    }

    let killAfter: Int
    let jitterMicroseconds: Int
    let infusion = RepositoryLayout.product("infusion")

    func run() async throws -> Outcome {
        let directory = try RepositoryLayout.temporaryDirectory("recovery")
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataDirectory = directory.appendingPathComponent("data")
        let link = directory.appendingPathComponent("pump").path
        let simulator = try await SimulatorChild.start(["--link", link, "--speed", "3600", "--serial", "SIM-KILL", "--trace"])
        defer { simulator.stop() }
        let id = try await bagAtTheBedside(dataDirectory)
        var outcome = Outcome()
        let common = ["--prep", id, "--data-dir", dataDirectory.path, "--trace-journal"]
        let pump = ["--port", link, "--profile", "simulator"]

        // The controller's bedside run: program, then start and watch; killed after its k-th journal entry.
        var counted = 0
        for arguments in [["program", "--nurse", "rn-liu"] + pump, ["start", "--nurse", "rn-liu", "--poll-seconds", "0.1"] + pump] {
            let controller = try StreamingProcess(infusion, arguments + common, currentDirectory: RepositoryLayout.root)
            var mark = 0
            var killedThisOne = false
            while counted < killAfter {
                guard let line = try? await controller.waitForError(after: mark, deadlineSeconds: 30, { $0.hasPrefix("journalled ") || $0.hasPrefix("error") }) else { break }
                mark = line.index + 1
                guard line.line.hasPrefix("journalled ") else { break }
                counted += 1
                if counted == killAfter {
                    if jitterMicroseconds > 0 { spin(microseconds: jitterMicroseconds) }
                    controller.kill()
                    killedThisOne = true
                }
            }
            _ = await controller.waitForExit()
            await controller.drained()
            outcome.reported += Self.reportedEntries(controller.errorOutput)
            if killedThisOne {
                outcome.killed = true
                break
            }
        }

        // Restart as a nurse would, from what the journal says, until the infusion is over.
        for _ in 0..<6 {
            let show = try await ProcessRunner.run(infusion, ["show", "--prep", id, "--data-dir", dataDirectory.path, "--format", "json"])
            let record = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any], "\(show.stderr)")
            let state = record["state"] as? String ?? "?"
            if outcome.stateAfterKill == nil { outcome.stateAfterKill = state }
            let startRequested = record["startRequested"] as? Bool ?? false
            let next: [String]
            switch state {
            case "atBedside": next = ["program", "--nurse", "rn-liu"] + pump
            case "programmed" where !startRequested: next = ["start", "--nurse", "rn-liu", "--poll-seconds", "0.1"] + pump
            case "programmed", "infusing", "paused": next = ["watch", "--poll-seconds", "0.1"]
            default:
                outcome.final = record
                outcome.restarts.append("done: \(state)")
                return try await finish(outcome, dataDirectory: dataDirectory, simulator: simulator)
            }
            outcome.restarts.append(next[0])
            let restart = try await ProcessRunner.run(infusion, next + ["--prep", id, "--data-dir", dataDirectory.path], currentDirectory: RepositoryLayout.root, deadlineSeconds: 60)
            #expect(
                restart.exitCode == 0,
                "\(next[0]) after the kill: \(restart.stderr)\npump-sim said: \(simulator.output.suffix(8))\ntrace: \(simulator.errorOutput.suffix(12))")
        }
        Issue.record("the infusion did not end after 6 restarts: \(outcome.restarts)")
        return try await finish(outcome, dataDirectory: dataDirectory, simulator: simulator)
    }

    private func finish(_ outcome: Outcome, dataDirectory: URL, simulator: SimulatorChild) async throws -> Outcome {
        var outcome = outcome
        let journal = try Journal.openForAudit(at: dataDirectory.appendingPathComponent("journal.sqlite").path)
        outcome.entries = try await journal.entries()
        outcome.intact = try await journal.verify().isIntact
        try await journal.close()
        _ = try await simulator.waitForOutput { $0.hasPrefix("state 1 complete") }
        outcome.simulatorOutput = simulator.output
        outcome.simulatorTrace = simulator.errorOutput
        return outcome
    }

    /// Orders, verifies, compounds, checks, labels, dispenses and matches an RA bag (560 mg in 100 mL) in-process.
    private func bagAtTheBedside(_ dataDirectory: URL) async throws -> String {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let journal = try Journal.openVerified(at: dataDirectory.appendingPathComponent("journal.sqlite").path)
        let monograph = try MonographLoader.load(path: RepositoryLayout.config("tocilizumab.yaml").path)
        let products = try ProductList.load(path: RepositoryLayout.config("products.yaml").path)
        let site = try SiteConfiguration.load(path: RepositoryLayout.config("site.yaml").path)
        let workflow = try await Workflow.open(journal: journal, monograph: monograph, products: products, site: site)
        var input = PreparationInput()
        input.indication = "ra"
        input.weightKg = "70"
        input.ageYears = "54"
        input.firstDose = true
        input.altXUln = "0.8"
        input.astXUln = "0.9"
        input.anc = "3.2"
        input.platelets = "210"
        let (record, _) = try await workflow.order(PreparationOrder(patientId: "PAT-K", input: input), by: "dr-li")
        let id = record.id
        try await workflow.verify(id, pharmacist: "ph-wang")
        for (gtin, serial) in [("09520000400019", "K1"), ("09520000080013", "K2"), ("09520000080013", "K3")] {
            try await workflow.scanVial(id, code: "]d201\(gtin)172712311" + "0LOT\(serial)\u{1D}21\(serial)", by: "tech-zhao")
        }
        try await workflow.compound(id, drugDrawnMl: 28, salineWithdrawnMl: 28, inspectionPassed: true, by: "tech-zhao")
        try await workflow.check(id, checker: "ph-chen")
        _ = try await workflow.label(id, by: "ph-chen")
        try await workflow.dispense(id, by: "ph-chen")
        try await workflow.bedside(id, bagId: id, patientId: "PAT-K", nurse: "rn-liu")
        try await journal.close()
        return id
    }

    /// `journalled SEQ HASH EVENT` lines: what the controller reported as durably written.
    static func reportedEntries(_ lines: [String]) -> [(sequence: Int64, hash: String)] {
        lines.compactMap { line in
            let words = line.split(separator: " ")
            guard words.count >= 3, words[0] == "journalled", let sequence = Int64(words[1]) else { return nil }
            return (sequence, String(words[2]))
        }
    }

    /// Busy-waits a few microseconds (moves the kill point between two journal writes; not a sleep).
    private func spin(microseconds: Int) {
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(microseconds) * 1000
        while DispatchTime.now().uptimeNanoseconds < end {}
    }
}

extension ControllerKillRun.Outcome {
    /// Checks the promises of recovery: the journal verifies, nothing reported as written is missing or changed,
    /// the simulator executed one START (every STRT frame it received has the same sequence number), and the volume
    /// the journal ends with is the simulator's.
    func checkPromises(_ label: String) {
        #expect(intact, "\(label): the journal does not verify")
        let bySequence = Dictionary(entries.map { ($0.sequenceNumber, $0.hash) }, uniquingKeysWith: { first, _ in first })
        for (sequence, hash) in reported {
            #expect(bySequence[sequence] == hash, "\(label): entry \(sequence) was reported as written but is \(bySequence[sequence] ?? "missing")")
        }
        let running = simulatorOutput.filter { $0.hasPrefix("state 1 running") }
        #expect(running.count == 1, "\(label): the pump started \(running.count) times")
        let strtSequences = Set(simulatorTrace.filter { $0.contains("|CMD|STRT|") }.compactMap { line -> String? in
            guard let range = line.range(of: "|CMD|STRT|") else { return nil }
            return String(line[..<range.lowerBound].suffix(4))
        })
        #expect(strtSequences.count == 1, "\(label): STRT reached the pump with sequences \(strtSequences)")
        #expect(final["state"] as? String == "completed", "\(label): ended \(final["state"] ?? "?") after \(restarts)")
        // The simulator completed exactly the VTBI; the journal's volume is the pump's.
        #expect((final["volumeInfusedMl"] as? NSNumber)?.doubleValue == 100, "\(label): volume \(final["volumeInfusedMl"] ?? "?")")
        #expect(simulatorOutput.contains { $0.hasPrefix("state 1 complete vi=100.000") })
    }
}
