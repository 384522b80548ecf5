import Foundation
import PumpDriver
import PumpProtocol

/// How `infusion pump` prints what the pump said: lines for people, one JSON object for programs.
///
/// JSON numbers are written from the exact decimal values (never through binary floating point), so `66.6` is printed
/// as `66.6`; keys are sorted so output is stable.
enum PumpCommandOutput {
    /// A JSON value as text.
    enum Value {
        case string(String)
        case number(String)
        case strings([String])
    }

    static func json(_ members: [(String, Value)]) -> String {
        let body = members.sorted { $0.0 < $1.0 }.map { key, value in
            "\(quoted(key)):" + render(value)
        }
        return "{" + body.joined(separator: ",") + "}"
    }

    private static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .number(let text): return text
        case .strings(let texts): return "[" + texts.map(quoted).joined(separator: ",") + "]"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func number(_ value: Decimal) -> Value { .number("\(value)") }

    /// The alarm codes as on the wire, in the order of docs/protocol.md §10.4.
    static func alarmCodes(_ alarms: Set<PumpAlarm>) -> [String] {
        PumpAlarm.allCases.filter(alarms.contains).map(\.rawValue)
    }

    // MARK: Status

    static func status(_ status: PumpStatus, pump: String, format: OutputFormat) -> String {
        switch format {
        case .json:
            return json([
                ("state", .string(status.state.rawValue)),
                ("rateMlPerHour", number(status.rateMlPerHour)),
                ("vtbiMl", number(status.vtbiMl)),
                ("infusedMl", number(status.volumeInfusedMl)),
                ("kvoMl", number(status.kvoVolumeMl)),
                ("timeRemainingSeconds", .number(String(status.timeRemainingSeconds))),
                ("batteryPercent", .number(String(status.batteryPercent))),
                ("alarms", .strings(alarmCodes(status.alarms))),
                ("bootId", .string(status.bootId.description)),
            ])
        case .text:
            let alarms = PumpAlarm.allCases.filter(status.alarms.contains)
            return """
                \(pump): \(status.state.rawValue)
                  rate \(status.rateMlPerHour) mL/h, VTBI \(status.vtbiMl) mL, infused \(status.volumeInfusedMl) mL, \
                KVO \(status.kvoVolumeMl) mL
                  time remaining \(status.timeRemainingSeconds) s, battery \(status.batteryPercent) %
                  alarms: \(alarms.isEmpty ? "none" : alarms.map { "\($0.rawValue) (\($0))" }.joined(separator: ", "))
                  boot \(status.bootId)
                """
        }
    }

    // MARK: Identity

    static func identity(_ identity: PumpIdentity, pump: String, format: OutputFormat) -> String {
        switch format {
        case .json:
            return json([
                ("model", .string(identity.model)),
                ("serial", .string(identity.serialNumber)),
                ("firmware", .string(identity.firmwareVersion)),
                ("protocol", .string(identity.protocolVersion.description)),
                ("bootId", .string(identity.bootId.description)),
            ])
        case .text:
            return """
                \(pump)
                  model \(identity.model)
                  serial \(identity.serialNumber)
                  firmware \(identity.firmwareVersion)
                  protocol \(identity.protocolVersion)
                  bootId \(identity.bootId)
                """
        }
    }

    // MARK: Program

    static func verified(_ verified: VerifiedProgram, pump: String, format: OutputFormat) -> String {
        let program = verified.program
        switch format {
        case .json:
            return json([
                ("rateMlPerHour", number(program.rateMlPerHour)),
                ("vtbiMl", number(program.vtbiMl)),
                ("drug", .string(program.drugId)),
                ("concentrationMgPerMl", number(program.concentrationMgPerMl)),
                ("watchdogSeconds", .number(String(program.watchdogSeconds))),
                ("token", .string(verified.token.description)),
                ("bootId", .string(verified.bootId.description)),
            ])
        case .text:
            return """
                \(pump): programmed and read back, every field equal to the one sent
                  rate \(program.rateMlPerHour) mL/h, VTBI \(program.vtbiMl) mL, drug \(program.drugId), \
                concentration \(program.concentrationMgPerMl) mg/mL, watchdog \(program.watchdogSeconds) s
                  token \(verified.token)
                """
        }
    }
}
