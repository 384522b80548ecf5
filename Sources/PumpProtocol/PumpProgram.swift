import Foundation

/// An infusion program as the pump stores it (docs/protocol.md §7.4): rate, volume, drug, concentration and the
/// communication watchdog period.
///
/// Valid by construction: the initialiser applies the pump's hard limits and decimal places, so a driver learns of
/// an impossible program before it is sent, and the pump decodes a SET PROGRAM into exactly this type. Values are
/// `Decimal` and are never rounded: a rate of 66.65 mL/h is refused, not sent as 66.6 or 66.7.
public struct PumpProgram: Sendable, Hashable {
    /// Infusion rate, mL/h: 0.1–999, one decimal place.
    public let rateMlPerHour: Decimal
    /// Volume to be infused, mL: 1–9999, one decimal place.
    public let vtbiMl: Decimal
    /// Drug identifier: 1–32 characters `A`–`Z` `a`–`z` `0`–`9` `.` `_` `-`.
    public let drugId: String
    /// Concentration, mg/mL: 0.0001–1000, four decimal places.
    public let concentrationMgPerMl: Decimal
    /// Communication watchdog period, s: 10–300 (wall clock).
    public let watchdogSeconds: Int

    /// Creates a program, checking each field in document order (rate, vtbi, drug, conc, wdog); the first problem is
    /// thrown.
    public init(
        rateMlPerHour: Decimal, vtbiMl: Decimal, drugId: String, concentrationMgPerMl: Decimal,
        watchdogSeconds: Int = PumpLimits.defaultWatchdogSeconds
    ) throws(FieldValueError) {
        if let problem = Self.rateProblem(rateMlPerHour) { throw FieldValueError(field: .rate, problem: problem) }
        if let problem = Self.vtbiProblem(vtbiMl) { throw FieldValueError(field: .vtbi, problem: problem) }
        if let problem = TextRule.drugIdProblem(drugId) { throw FieldValueError(field: .drug, problem: problem) }
        if let problem = Self.concentrationProblem(concentrationMgPerMl) {
            throw FieldValueError(field: .conc, problem: problem)
        }
        guard PumpLimits.watchdogSeconds.contains(watchdogSeconds) else {
            throw FieldValueError(field: .wdog, problem: .range)
        }
        self.rateMlPerHour = rateMlPerHour
        self.vtbiMl = vtbiMl
        self.drugId = drugId
        self.concentrationMgPerMl = concentrationMgPerMl
        self.watchdogSeconds = watchdogSeconds
    }

    static func rateProblem(_ value: Decimal) -> ValueProblem? {
        WireNumber.problem(
            with: value, in: PumpLimits.rateMlPerHour, maximumFractionDigits: PumpLimits.rateFractionDigits)
    }

    static func vtbiProblem(_ value: Decimal) -> ValueProblem? {
        WireNumber.problem(with: value, in: PumpLimits.vtbiMl, maximumFractionDigits: PumpLimits.vtbiFractionDigits)
    }

    static func concentrationProblem(_ value: Decimal) -> ValueProblem? {
        WireNumber.problem(
            with: value, in: PumpLimits.concentrationMgPerMl,
            maximumFractionDigits: PumpLimits.concentrationFractionDigits)
    }

    /// The keys of a program, in document order.
    static let keys: [PayloadKey] = [.rate, .vtbi, .drug, .conc, .wdog]
    /// The keys SET PROGRAM requires (`wdog` defaults to 30 s).
    static let requiredKeys: [PayloadKey] = [.rate, .vtbi, .drug, .conc]

    /// The program fields in document order; `wdog` is always written.
    var fields: [PayloadField] {
        [
            PayloadField(.rate, WireNumber.format(rateMlPerHour)), PayloadField(.vtbi, WireNumber.format(vtbiMl)),
            PayloadField(.drug, drugId), PayloadField(.conc, WireNumber.format(concentrationMgPerMl)),
            PayloadField(.wdog, String(watchdogSeconds)),
        ]
    }

    /// Reads and checks the program fields of a decoded reader, one field at a time in document order.
    init(reading reader: FieldReader) throws(MessageError) {
        let rate = try reader.decimal(.rate, maximumFractionDigits: PumpLimits.rateFractionDigits, check: Self.rateProblem)
        let vtbi = try reader.decimal(.vtbi, maximumFractionDigits: PumpLimits.vtbiFractionDigits, check: Self.vtbiProblem)
        let drug = try reader.checkedText(.drug, check: TextRule.drugIdProblem)
        let concentration = try reader.decimal(
            .conc, maximumFractionDigits: PumpLimits.concentrationFractionDigits, check: Self.concentrationProblem)
        var watchdog = PumpLimits.defaultWatchdogSeconds
        if let text = reader.optionalText(.wdog) {
            watchdog = try reader.integer(.wdog, text: text, in: PumpLimits.watchdogSeconds)
        }
        do {
            try self.init(
                rateMlPerHour: rate, vtbiMl: vtbi, drugId: drug, concentrationMgPerMl: concentration,
                watchdogSeconds: watchdog)
        } catch {
            throw .badValue(error)
        }
    }
}
