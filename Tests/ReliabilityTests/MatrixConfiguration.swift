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

    /// The RA bag every suite starts from (`SoakBedside.bagAtTheBedside`: 560 mg = 28.0 mL from 1 × 400 mg + 2 × 80 mg,
    /// in a 100 mL bag infused at 100 mL/h), at the bedside with the matrix's nurse. Returns the preparation id.
    static func bringToBedside(_ workflow: Workflow) async throws -> String {
        try await SoakBedside.bagAtTheBedside(workflow, patient: "PAT-MATRIX", tag: "M", nurse: MatrixBench.nurse)
    }
}
