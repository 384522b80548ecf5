import Discovery
import Foundation
import Monograph
import Preparation
import Scanning
import TestSupport
import Workflow

/// The repository's configuration (Config/) and the bench steps that bring an order to the bedside.
///
/// The steps are the workflow's public API, as in Tests/WorkflowTests (WorkflowFixture): that fixture cannot move to
/// Tests/TestSupport, which depends on no module of the package (Package.swift, unchanged here).
enum MatrixConfiguration {
    static let timeZone = TimeZone(identifier: "Asia/Shanghai")!

    static let monograph: Monograph = {
        do { return try MonographLoader.load(path: RepositoryLayout.config("tocilizumab.yaml").path) } catch { fatalError("\(error)") }
    }()

    static let products: ProductList = {
        do { return try ProductList.load(path: RepositoryLayout.config("products.yaml").path) } catch { fatalError("\(error)") }
    }()

    static let catalog: PumpProfileCatalog = {
        do { return try PumpProfileCatalog.load(path: RepositoryLayout.config("pumps.yaml").path) } catch { fatalError("\(error)") }
    }()

    /// GS1 element string of a sample vial from Config/products.yaml: ]d2, (01) GTIN, (17) expiry, (10) lot, GS, (21).
    static func vial(strengthMg: Int, serial: String) -> String {
        let gtin = strengthMg == 80 ? "09520000080013" : "09520000400019"
        return "]d201\(gtin)17271231" + "10B1234\u{1D}21\(serial)"
    }

    /// An RA order (70 kg, first dose, normal labs: 560 mg = 28.0 mL from 1 × 400 mg + 2 × 80 mg, in a 100 mL bag
    /// infused at 100 mL/h) taken through the pharmacy to the bedside. Returns the preparation id.
    static func bringToBedside(_ workflow: Workflow) async throws -> String {
        var input = PreparationInput()
        input.indication = "ra"
        input.weightKg = "70"
        input.ageYears = "54"
        input.firstDose = true
        input.altXUln = "0.8"
        input.astXUln = "0.9"
        input.anc = "3.2"
        input.platelets = "210"
        let (record, _) = try await workflow.order(PreparationOrder(patientId: "PAT-MATRIX", input: input), by: "dr-li")
        let id = record.id
        try await workflow.verify(id, pharmacist: "ph-wang")
        try await workflow.scanVial(id, code: vial(strengthMg: 400, serial: "S400A"), by: "tech-zhao")
        try await workflow.scanVial(id, code: vial(strengthMg: 80, serial: "S80A"), by: "tech-zhao")
        try await workflow.scanVial(id, code: vial(strengthMg: 80, serial: "S80B"), by: "tech-zhao")
        try await workflow.compound(id, drugDrawnMl: 28, salineWithdrawnMl: 28, inspectionPassed: true, by: "tech-zhao")
        try await workflow.check(id, checker: "ph-chen")
        _ = try await workflow.label(id, by: "ph-chen")
        try await workflow.dispense(id, by: "ph-chen")
        try await workflow.bedside(id, bagId: id, patientId: "PAT-MATRIX", nurse: MatrixBench.nurse)
        return id
    }
}
