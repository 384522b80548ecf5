import Foundation
import Journal
import Preparation
import TestSupport
import Workflow

/// Bags at the bedside and the configuration they are made under, for the controller-fault and soak suites.
///
/// The pharmacy steps run in-process (they are not what these suites test); the bedside steps are what is under
/// test, through the real `infusion` binary (storage faults) or the in-process workflow (clock steps, soak).
enum SoakBedside {
    /// A copy of `Config/` in `directory` whose site programs pumps with a `watchdogSeconds` watchdog, loaded with
    /// a data directory beside it (the environment every `infusion` command of the test is given).
    ///
    /// The protocol's 30 s default would make a test wait 30 wall seconds for an unwatched pump to stop; 10 s is the
    /// least site.yaml accepts, and the behaviour under test is the same.
    static func environment(watchdogSeconds: Int, in directory: URL) throws -> WorkflowEnvironment {
        let target = directory.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: RepositoryLayout.configDirectory.path) {
            try FileManager.default.copyItem(
                at: RepositoryLayout.configDirectory.appendingPathComponent(name), to: target.appendingPathComponent(name))
        }
        let sitePath = target.appendingPathComponent("site.yaml")
        let original = try String(contentsOf: sitePath, encoding: .utf8)
        let edited = original.replacingOccurrences(
            of: "pumpWatchdogSeconds:\n  value: 30\n", with: "pumpWatchdogSeconds:\n  value: \(watchdogSeconds)\n")
        guard edited != original || watchdogSeconds == 30 else {
            throw SetupFailure(description: "Config/site.yaml no longer reads 'pumpWatchdogSeconds: value: 30'")
        }
        try edited.write(to: sitePath, atomically: true, encoding: .utf8)
        return try WorkflowEnvironment.load(
            configDirectory: target.path, dataDirectory: directory.appendingPathComponent("data").path)
    }

    /// The configuration directory an environment was loaded from (what `--config-dir` is given).
    static func configDirectory(of environment: WorkflowEnvironment) -> String {
        URL(fileURLWithPath: environment.dataDirectory).deletingLastPathComponent().appendingPathComponent("config").path
    }

    /// The RA order every suite uses: 70 kg, first dose, normal labs: 560 mg (28.0 mL) in a 100 mL bag.
    static func raOrder(patient: String) -> PreparationOrder {
        var input = PreparationInput()
        input.indication = "ra"
        input.weightKg = "70"
        input.ageYears = "54"
        input.firstDose = true
        input.altXUln = "0.8"
        input.astXUln = "0.9"
        input.anc = "3.2"
        input.platelets = "210"
        return PreparationOrder(patientId: patient, input: input)
    }

    /// Orders, verifies, compounds (1 x 400 mg + 2 x 80 mg, vial serials unique by `tag`), checks, labels, dispenses
    /// and matches an RA bag at the bedside (560 mg = 28.0 mL in a 100 mL bag, 100 mL/h). Returns its id. The soak,
    /// the storage and clock tests and the fault matrix all start from this bag.
    static func bagAtTheBedside(_ workflow: Workflow, patient: String, tag: String, nurse: String = "rn-liu") async throws -> String {
        let (record, _) = try await workflow.order(raOrder(patient: patient), by: "dr-li")
        let id = record.id
        try await workflow.verify(id, pharmacist: "ph-wang")
        for (gtin, serial) in [("09520000400019", "\(tag)A"), ("09520000080013", "\(tag)B"), ("09520000080013", "\(tag)C")] {
            try await workflow.scanVial(id, code: "]d201\(gtin)17271231" + "10LOT\(tag)\u{1D}21\(serial)", by: "tech-zhao")
        }
        try await workflow.compound(id, drugDrawnMl: 28, salineWithdrawnMl: 28, inspectionPassed: true, by: "tech-zhao")
        try await workflow.check(id, checker: "ph-chen")
        _ = try await workflow.label(id, by: "ph-chen")
        try await workflow.dispense(id, by: "ph-chen")
        try await workflow.bedside(id, bagId: id, patientId: patient, nurse: nurse)
        return id
    }

    /// The environment's journal holding one bag at the bedside (closed again, for the CLI). Returns the bag's id.
    static func journalWithBagAtTheBedside(_ environment: WorkflowEnvironment) async throws -> String {
        let workflow = try await environment.openWorkflow()
        let id = try await bagAtTheBedside(workflow, patient: "PAT-S", tag: "S")
        try await workflow.journal.close()
        return id
    }

    /// A set-up step that could not be done.
    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
    }
}
