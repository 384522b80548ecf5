import Foundation
import Preparation
import Workflow

/// One line describing a preparation, for people.
enum RecordSummary {
    static func line(_ record: PreparationRecord) -> String {
        var parts = ["\(record.id)", record.state.rawValue, "patient \(record.patientId)", record.indication]
        if let plan = record.plan {
            parts.append("\(plan.doseMg) mg in \(plan.finalVolumeMl) mL at \(plan.rateMlPerHour) mL/h")
            parts.append("beyond use \(Timestamp.format(plan.beyondUseAt))")
        }
        if record.startedAt != nil || record.volumeInfusedMl > 0 {
            parts.append("infused \(record.volumeInfusedMl) mL")
        }
        return parts.joined(separator: "  ")
    }
}
