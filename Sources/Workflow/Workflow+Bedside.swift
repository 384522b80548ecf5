import Foundation
import Journal
import Preparation

extension Workflow {
    /// The nurse scans the bag and the patient's wristband: both must match the preparation.
    @discardableResult
    public func bedside(_ id: String, bagId: String, patientId: String, nurse: String) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, .bedside, actor: nurse)
        if bagId != record.id {
            try await refuse(record, .bedside, actor: nurse, "the bag scanned is \(bagId), not \(record.id): wrong bag")
        }
        if patientId != record.patientId {
            try await refuse(record, .bedside, actor: nurse, "the wristband says patient \(patientId), but this bag is for \(record.patientId): wrong patient")
        }
        try await refuseIfPastBeyondUse(record, .bedside, actor: nurse)
        return try await transition(id, .bedside, actor: nurse, ["bagId": .string(bagId), "patientId": .string(patientId)])
    }
}
