import ArgumentParser
import ConfigFile
import Foundation
import Journal
import Preparation
import PumpDriver
import Scanning
import Workflow

/// `infusion demo`: the whole path, bench to bedside, against a pump simulator it starts itself.
///
/// A sample order is calculated, verified, compounded with sample vial lots, checked, labelled, dispensed, matched at
/// the bedside, programmed into `pump-sim` on a pseudo-terminal, infused in accelerated time with a live display,
/// and completed; then the journal is printed and verified. Every step goes through the same workflow as the
/// individual commands; nothing is special-cased for the demo except the simulated pump and the sample data.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole path, order to finished infusion, against a simulated pump in accelerated time."
    )

    @Option(help: ArgumentHelp("Simulated pump clock factor: 240 runs a 60-minute infusion in 15 s (1-3600).", valueName: "factor"))
    var speed: Int = 240
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Keep the journal in this directory (default: a temporary one).", valueName: "dir"))
    var dataDir: String?
    @Option(name: .customLong("config-dir"), help: ArgumentHelp("Directory of the configuration files (default: $INFUSION_CONFIG_DIR, ./Config).", valueName: "dir"))
    var configDir: String?

    func validate() throws {
        guard (1...3600).contains(speed) else { throw ValidationError("--speed must be from 1 to 3600, found \(speed)") }
    }

    func run() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("infusion-demo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let environment: WorkflowEnvironment
        do {
            environment = try WorkflowEnvironment.load(configDirectory: configDir, dataDirectory: dataDir ?? scratch.appendingPathComponent("data").path)
        } catch {
            throw error.isBadInput ? CommandFailure.badInput(error.description) : CommandFailure.runtime(error.description)
        }
        let link = scratch.appendingPathComponent("pump").path
        let simulator = try SimulatorProcess.start(link: link, speed: speed, serial: "DEMO-0001")
        defer { simulator.stop() }
        say("pump-sim: a simulated volumetric pump on \(simulator.devicePath), linked at \(link), clock x\(speed)")

        let workflow: Workflow
        do {
            workflow = try await environment.openWorkflow()
        } catch {
            throw CommandFailure.runtime(error.description)
        }
        try await runPath(workflow, environment: environment, link: link)
        try await printJournal(workflow.journal)
    }

    private func runPath(_ workflow: Workflow, environment: WorkflowEnvironment, link: String) async throws {
        var input = PreparationInput()
        input.indication = "ra"
        input.weightKg = "72.3"
        input.ageYears = "54"
        input.firstDose = true
        input.altXUln = "0.8"
        input.astXUln = "0.9"
        input.anc = "3.2"
        input.platelets = "210"
        let patient = "PAT-DEMO-01"

        say("\n1. Order: RA, 72.3 kg, 54 years, first dose, normal laboratory values (prescriber dr-li)")
        let (ordered, result) = try await performStep { () async throws(WorkflowError) in
            try await workflow.order(PreparationOrder(patientId: patient, input: input), by: "dr-li")
        }
        let id = ordered.id
        say("   \(RecordSummary.line(ordered))")
        say("   decision \(result.decision.rawValue): \(result.plan.map { "\($0.doseMg) mg = \($0.drugVolumeMl) mL, vials \($0.vials.vials.map { "\($0.count) x \($0.strengthMg) mg" }.joined(separator: " + "))" } ?? "-")")
        guard let plan = ordered.plan else { throw CommandFailure.runtime("the sample order was not approved: \(result.decision.rawValue)") }

        say("2. Pharmacist verification (ph-wang)")
        _ = try await performStep { () async throws(WorkflowError) in try await workflow.verify(id, pharmacist: "ph-wang") }

        say("3. Compounding (tech-zhao): vial scans (GS1 DataMatrix), drug drawn, saline withdrawn, inspection")
        var serial = 0
        for strength in plan.vials.keys.sorted(by: >) {
            for _ in 0..<(plan.vials[strength] ?? 0) {
                serial += 1
                let code = try sampleVialCode(strengthMg: strength, serial: serial, products: environment.products)
                let vial = try await performStep { () async throws(WorkflowError) in try await workflow.scanVial(id, code: code, by: "tech-zhao") }
                say("   scanned \(vial.tradeName) \(vial.strengthMg) mg, lot \(vial.lot), expiry \(vial.expiry), serial \(vial.serial ?? "-")")
            }
        }
        _ = try await performStep { () async throws(WorkflowError) in
            try await workflow.compound(id, drugDrawnMl: plan.drugVolumeMl, salineWithdrawnMl: plan.salineWithdrawMl, inspectionPassed: true, by: "tech-zhao")
        }
        say("   withdrew \(plan.salineWithdrawMl) mL saline, drew \(plan.drugVolumeMl) mL, inspection passed (clear to opalescent, colourless to pale yellow, no particles)")

        say("4. Independent check (ph-chen), label, dispense")
        _ = try await performStep { () async throws(WorkflowError) in try await workflow.check(id, checker: "ph-chen") }
        let label = try await performStep { () async throws(WorkflowError) in try await workflow.label(id, by: "ph-chen") }
        say(label.split(separator: "\n").map { "   | \($0)" }.joined(separator: "\n"))
        _ = try await performStep { () async throws(WorkflowError) in try await workflow.dispense(id, by: "ph-chen") }

        say("5. Bedside (rn-liu): bag and wristband scanned")
        _ = try await performStep { () async throws(WorkflowError) in try await workflow.bedside(id, bagId: id, patientId: patient, nurse: "rn-liu") }

        say("6. Program the pump, read it back, compare every field")
        let session = try await performStep { () async throws(WorkflowError) in
            try await workflow.openPumpSession(id, endpoint: .port(link), address: 1, profile: "simulator", catalog: environment.pumps)
        }
        let record = try await closing(session) {
            let programmed = try await performStep { () async throws(WorkflowError) in try await workflow.program(id, session: session, nurse: "rn-liu") }
            say("   pump \(session.identity.serialNumber) (\(session.identity.model)) programmed: \(plan.rateMlPerHour) mL/h, VTBI \(plan.finalVolumeMl) mL, token \(programmed.pump?.token ?? "-")")
            say("7. Start (once) and watch the infusion")
            _ = try await performStep { () async throws(WorkflowError) in try await workflow.start(id, session: session, nurse: "rn-liu") }
            let display = ProgressDisplay(format: .text)
            let finished = try await performStep { () async throws(WorkflowError) in
                try await workflow.supervise(id, session: session, every: .milliseconds(250)) { update in await display.show(update) }
            }
            say("8. Completed: \(finished.volumeInfusedMl) mL infused; the nurse stops the keep-vein-open flow")
            return try await performStep { () async throws(WorkflowError) in try await workflow.stop(id, session: session, nurse: "rn-liu") }
        }
        say("   \(RecordSummary.line(record))")
    }

    /// A GS1 element string for a sample vial of `strengthMg` from the product list, with a sample lot and an
    /// expiry a year ahead.
    private func sampleVialCode(strengthMg: Decimal, serial: Int, products: ProductList) throws -> String {
        guard let product = products.products.first(where: { $0.strengthMg == strengthMg && $0.vialsPerPack == 1 })
                ?? products.products.first(where: { $0.strengthMg == strengthMg }) else {
            throw CommandFailure.runtime("the product list has no \(strengthMg) mg pack for the demo")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let nextYear = calendar.date(byAdding: .year, value: 1, to: Date()) ?? Date()
        let parts = calendar.dateComponents([.year, .month], from: nextYear)
        let expiry = String(format: "%02d%02d00", (parts.year ?? 2027) % 100, parts.month ?? 12)
        return "]d201\(product.gtin.digits)17\(expiry)10DEMO\(strengthMg)\u{1D}21DEMO\(serial)"
    }

    private func printJournal(_ journal: Journal) async throws {
        say("\nJOURNAL (every step, every pump command and reply, hash-chained)")
        let entries: [JournalEntry]
        let verification: JournalVerification
        do {
            entries = try await journal.entries()
            verification = try await journal.verify()
        } catch {
            throw CommandFailure.runtime("\(error)")
        }
        for entry in entries where entry.event != "pump.exchange" || entry.data["phase"] == .string("intent") {
            var what = entry.event
            if case .string(let command)? = entry.data["command"] { what += " \(command) (about to send)" }
            if case .string(let to)? = entry.data["to"] { what += " -> \(to)" }
            say("  \(entry.sequenceNumber)\t\(entry.time.iso8601)\t\(entry.actor)\t\(what)\thash \(entry.hash.prefix(12))")
        }
        let exchanges = entries.filter { $0.event == "pump.exchange" }.count
        say("  (\(exchanges) pump exchanges in all; `infusion journal show` lists every one)")
        switch verification {
        case .intact(let integrity): say("VERIFICATION: \(integrity)")
        case .broken(let defect): throw CommandFailure.runtime("VERIFICATION FAILED: \(defect)")
        }
    }

    private func say(_ text: String) {
        print(text)
    }
}
