import Foundation
import Journal
import Monograph
import Preparation
import Scanning
import TestSupport
import Testing
import Workflow

/// A wall clock the test sets by hand.
final class ManualWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    func now() -> Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// Deterministic preparation ids: P-TEST-1, P-TEST-2, ...
final class SequentialIds: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func make() -> String { lock.withLock { next += 1; return "P-TEST-\(next)" } }
}

/// 2026-11-26T08:00:00Z.
let startTime = Date(timeIntervalSince1970: 1_795_680_000)

let monograph: Monograph = {
    do { return try MonographLoader.load(path: RepositoryLayout.config("tocilizumab.yaml").path) } catch { fatalError("\(error)") }
}()

let products: ProductList = {
    do { return try ProductList.load(path: RepositoryLayout.config("products.yaml").path) } catch { fatalError("\(error)") }
}()

let site = SiteConfiguration(timeZone: TimeZone(identifier: "Asia/Shanghai")!, pumpPollSeconds: 1, pumpWatchdogSeconds: 30)

/// GS1 element string of a sample vial: ]d2, (01) GTIN, (17) expiry, (10) lot, GS, (21) serial.
func vialCode(strengthMg: Int, lot: String = "B1234", serial: String, expiry: String = "271231") -> String {
    let gtin: String = switch strengthMg {
    case 80: "09520000080013"
    case 200: "09520000200015"
    default: "09520000400019"
    }
    return "]d201\(gtin)17\(expiry)10\(lot)\u{1D}21\(serial)"
}

struct WorkflowFixture {
    let directory: URL
    let clock: ManualWallClock
    let ids: SequentialIds
    let journal: Journal
    let workflow: Workflow

    var journalPath: String { directory.appendingPathComponent("journal.sqlite").path }

    static func make() async throws -> WorkflowFixture {
        let directory = try RepositoryLayout.temporaryDirectory("workflow")
        let clock = ManualWallClock(startTime)
        let ids = SequentialIds()
        let journal = try Journal.openVerified(at: directory.appendingPathComponent("journal.sqlite").path)
        let workflow = try await Workflow.open(journal: journal, monograph: monograph, products: products, site: site, clock: clock, makeId: { ids.make() })
        return WorkflowFixture(directory: directory, clock: clock, ids: ids, journal: journal, workflow: workflow)
    }

    /// Reopens the journal and the workflow from disk, as after a restart.
    func reopened() async throws -> Workflow {
        try await journal.close()
        let journal = try Journal.openVerified(at: journalPath)
        return try await Workflow.open(journal: journal, monograph: monograph, products: products, site: site, clock: clock, makeId: { ids.make() })
    }

    /// An RA order: 70 kg, first dose, normal labs: 560 mg = 28.0 mL, 1 x 400 mg + 2 x 80 mg.
    static func raOrder(patient: String = "PAT-001", firstDose: Bool = true, previous: [String] = []) -> PreparationOrder {
        var input = PreparationInput()
        input.indication = "ra"
        input.weightKg = "70"
        input.ageYears = "54"
        input.firstDose = firstDose
        input.previousDoses = previous
        input.altXUln = "0.8"
        input.astXUln = "0.9"
        input.anc = "3.2"
        input.platelets = "210"
        if !firstDose { input.mgPerKg = "8" }
        return PreparationOrder(patientId: patient, input: input)
    }

    /// Drives a new RA order to `compounded`: verify, scan the three vials, confirm 28.0 mL drawn and withdrawn.
    func compoundedRA(patient: String = "PAT-001") async throws -> String {
        let (record, _) = try await workflow.order(Self.raOrder(patient: patient), by: "dr-li")
        try await workflow.verify(record.id, pharmacist: "ph-wang")
        try await workflow.scanVial(record.id, code: vialCode(strengthMg: 400, serial: "S400A"), by: "tech-zhao")
        try await workflow.scanVial(record.id, code: vialCode(strengthMg: 80, serial: "S80A"), by: "tech-zhao")
        try await workflow.scanVial(record.id, code: vialCode(strengthMg: 80, serial: "S80B"), by: "tech-zhao")
        try await workflow.compound(record.id, drugDrawnMl: 28, salineWithdrawnMl: 28, inspectionPassed: true, by: "tech-zhao")
        return record.id
    }

    /// Drives a new RA order to `atBedside`.
    func atBedsideRA(patient: String = "PAT-001") async throws -> String {
        let id = try await compoundedRA(patient: patient)
        try await workflow.check(id, checker: "ph-chen")
        _ = try await workflow.label(id, by: "ph-chen")
        try await workflow.dispense(id, by: "ph-chen")
        try await workflow.bedside(id, bagId: id, patientId: patient, nurse: "rn-liu")
        return id
    }

    func events() async throws -> [String] {
        try await journal.entries().map(\.event)
    }
}
