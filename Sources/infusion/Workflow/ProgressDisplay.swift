import Foundation
import PumpProtocol
import Workflow

/// The live display while an infusion is watched: volume infused, rate, time remaining, alarms.
///
/// Text: a line when something a nurse acts on changes (state, alarms, link) and about every 5 % of the volume.
/// JSON: one object per status read (JSON Lines), for a monitoring system.
actor ProgressDisplay {
    let format: OutputFormat
    private var lastLine: (state: String, alarms: String, volumeMl: Decimal)?

    init(format: OutputFormat) {
        self.format = format
    }

    func show(_ update: SupervisionUpdate) {
        switch update {
        case .status(let status, let record):
            let alarms = status.alarms.map(\.rawValue).sorted()
            if format == .json {
                emitJSON(status, record, alarms)
                return
            }
            let state = "\(record.state.rawValue)/\(status.state.rawValue)"
            let step = max(status.vtbiMl / 20, 1)
            if let last = lastLine, last.state == state, last.alarms == alarms.joined(separator: ","), status.volumeInfusedMl - last.volumeMl < step {
                return
            }
            lastLine = (state, alarms.joined(separator: ","), status.volumeInfusedMl)
            let remaining = status.timeRemainingSeconds
            let clock = String(format: "%d:%02d:%02d", remaining / 3600, remaining / 60 % 60, remaining % 60)
            var line = "\(Self.time())  \(record.id)  \(state)  infused \(status.volumeInfusedMl)/\(status.vtbiMl) mL  rate \(status.rateMlPerHour) mL/h  remaining \(clock)  battery \(status.batteryPercent)%"
            if !alarms.isEmpty { line += "  ALARMS: \(alarms.joined(separator: ", "))" }
            print(line)
        case .link(let health):
            if format == .text { print("\(Self.time())  link \(health)") }
        case .rebooted(let previous, let current):
            if format == .text { print("\(Self.time())  PUMP RESTARTED (boot \(previous) -> \(current)): program and volume lost; check the patient") }
        }
    }

    private func emitJSON(_ status: PumpStatus, _ record: PreparationRecord, _ alarms: [String]) {
        let line = ProgressLine(
            preparationId: record.id, preparationState: record.state.rawValue, state: status.state.rawValue,
            infusedMl: status.volumeInfusedMl, vtbiMl: status.vtbiMl, rateMlPerHour: status.rateMlPerHour,
            timeRemainingSeconds: status.timeRemainingSeconds, batteryPercent: status.batteryPercent, alarms: alarms)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if let data = try? encoder.encode(line) { print(String(decoding: data, as: UTF8.self)) }
    }

    /// One JSON Lines record of the progress stream.
    struct ProgressLine: Encodable {
        let preparationId: String
        let preparationState: String
        let state: String
        let infusedMl: Decimal
        let vtbiMl: Decimal
        let rateMlPerHour: Decimal
        let timeRemainingSeconds: Int
        let batteryPercent: Int
        let alarms: [String]
    }

    private static func time() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter.string(from: Date()) + "Z"
    }
}
