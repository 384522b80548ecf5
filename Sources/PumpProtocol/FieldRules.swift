/// The human statement of what each field accepts (docs/protocol.md §6.2), used in error messages so a pharmacist,
/// nurse or engineer reading one knows what to change.
enum FieldRules {
    static func accepted(for key: PayloadKey) -> String {
        switch key.rawValue {
        case "rate": return "a number of mL/h from 0.1 to 999 (0 in a status) with at most 1 decimal place, e.g. 66.6"
        case "vtbi": return "a number of mL from 1 to 9999 (0 in a status) with at most 1 decimal place, e.g. 250"
        case "drug": return "1 to 32 characters A-Z a-z 0-9 . _ -"
        case "conc": return "a number of mg/mL from 0.0001 to 1000 with at most 4 decimal places, e.g. 5.6"
        case "wdog": return "a whole number of seconds from 10 to 300 (default 30)"
        case "token", "boot": return "exactly 8 upper-case hex digits, e.g. 9F3B0C2E"
        case "state": return "one of idle, programmed, running, paused, alarm, complete"
        case "vi": return "a number of mL from 0 to 9999 with at most 3 decimal places"
        case "kvo": return "a number of mL from 0 to 9999.999 with at most 3 decimal places"
        case "rem": return "a whole number of seconds from 0 to 999999999"
        case "bat": return "a whole number of percent from 0 to 100"
        case "alarms": return "alarm codes separated by ',' (each at most once), or nothing"
        case "alarm": return "one alarm code: " + PumpAlarm.allCases.map(\.rawValue).joined(separator: ", ")
        case "model", "serial": return "1 to 32 printable ASCII characters"
        case "fw": return "1 to 16 printable ASCII characters"
        case "proto": return "major.minor, e.g. 1.0"
        case "reason": return "a NAK reason of docs/protocol.md section 8"
        case "problem": return "one of syntax, range, precision, length"
        case "field": return "a payload key"
        default: return "see docs/protocol.md section 6"
        }
    }
}
