import Foundation

/// The state of a pump as reported by STATUS, the action ACKs and events (docs/protocol.md §9).
///
/// Valid by construction (ranges and decimal places of §6.2), so encoding a status can never produce a frame the
/// client would refuse.
public struct PumpStatus: Sendable, Hashable {
    /// The pump state.
    public let state: PumpState
    /// Rate the motor delivers now, mL/h: program rate when running, KVO rate when complete, 0 otherwise.
    public let rateMlPerHour: Decimal
    /// VTBI of the stored program, mL; 0 when no program is stored.
    public let vtbiMl: Decimal
    /// Volume infused toward the VTBI since the last CLEAR VOLUME, mL (0.001 mL, truncated).
    public let volumeInfusedMl: Decimal
    /// Volume delivered at the KVO rate after completion, mL, counted apart from `volumeInfusedMl`.
    public let kvoVolumeMl: Decimal
    /// Time to deliver the rest of the VTBI at the program rate, whole seconds rounded up; 0 in idle and complete.
    public let timeRemainingSeconds: Int
    /// Battery charge, %.
    public let batteryPercent: Int
    /// The raised alarms.
    public let alarms: Set<PumpAlarm>
    /// The identifier of this power-up.
    public let bootId: BootId

    /// Creates a status, checking each numeric field in document order; the first problem is thrown.
    public init(
        state: PumpState, rateMlPerHour: Decimal, vtbiMl: Decimal, volumeInfusedMl: Decimal, kvoVolumeMl: Decimal,
        timeRemainingSeconds: Int, batteryPercent: Int, alarms: Set<PumpAlarm>, bootId: BootId
    ) throws(FieldValueError) {
        if let problem = Self.rateProblem(rateMlPerHour) { throw FieldValueError(field: .rate, problem: problem) }
        if let problem = Self.vtbiProblem(vtbiMl) { throw FieldValueError(field: .vtbi, problem: problem) }
        if let problem = Self.volumeInfusedProblem(volumeInfusedMl) {
            throw FieldValueError(field: .vi, problem: problem)
        }
        if let problem = Self.kvoVolumeProblem(kvoVolumeMl) { throw FieldValueError(field: .kvo, problem: problem) }
        guard PumpLimits.timeRemainingSeconds.contains(timeRemainingSeconds) else {
            throw FieldValueError(field: .rem, problem: .range)
        }
        guard PumpLimits.batteryPercent.contains(batteryPercent) else {
            throw FieldValueError(field: .bat, problem: .range)
        }
        self.state = state
        self.rateMlPerHour = rateMlPerHour
        self.vtbiMl = vtbiMl
        self.volumeInfusedMl = volumeInfusedMl
        self.kvoVolumeMl = kvoVolumeMl
        self.timeRemainingSeconds = timeRemainingSeconds
        self.batteryPercent = batteryPercent
        self.alarms = alarms
        self.bootId = bootId
    }

    /// 0, or a programmable rate (0 to 999 with one decimal place covers exactly that).
    static func rateProblem(_ value: Decimal) -> ValueProblem? {
        WireNumber.problem(
            with: value, in: 0...PumpLimits.rateMlPerHour.upperBound,
            maximumFractionDigits: PumpLimits.rateFractionDigits)
    }

    /// 0 (no program), or a programmable VTBI.
    static func vtbiProblem(_ value: Decimal) -> ValueProblem? {
        if let problem = WireNumber.problem(
            with: value, in: 0...PumpLimits.vtbiMl.upperBound, maximumFractionDigits: PumpLimits.vtbiFractionDigits)
        {
            return problem
        }
        return value == 0 || PumpLimits.vtbiMl.contains(value) ? nil : .range
    }

    static func volumeInfusedProblem(_ value: Decimal) -> ValueProblem? {
        WireNumber.problem(
            with: value, in: PumpLimits.volumeInfusedMl, maximumFractionDigits: PumpLimits.volumeFractionDigits)
    }

    static func kvoVolumeProblem(_ value: Decimal) -> ValueProblem? {
        WireNumber.problem(with: value, in: PumpLimits.kvoVolumeMl, maximumFractionDigits: PumpLimits.volumeFractionDigits)
    }

    /// The status keys, in document order.
    static let keys: [PayloadKey] = [.state, .rate, .vtbi, .vi, .kvo, .rem, .bat, .alarms, .boot]

    var fields: [PayloadField] {
        [
            PayloadField(.state, state.rawValue), PayloadField(.rate, WireNumber.format(rateMlPerHour)),
            PayloadField(.vtbi, WireNumber.format(vtbiMl)), PayloadField(.vi, WireNumber.format(volumeInfusedMl)),
            PayloadField(.kvo, WireNumber.format(kvoVolumeMl)), PayloadField(.rem, String(timeRemainingSeconds)),
            PayloadField(.bat, String(batteryPercent)), PayloadField(.alarms, PumpAlarm.wireList(alarms)),
            PayloadField(.boot, bootId.description),
        ]
    }

    /// Reads the status fields of a decoded reader, one field at a time in document order.
    init(reading reader: FieldReader) throws(MessageError) {
        let state = try reader.parsed(.state, PumpState.init(rawValue:))
        let rate = try reader.decimal(.rate, maximumFractionDigits: PumpLimits.rateFractionDigits, check: Self.rateProblem)
        let vtbi = try reader.decimal(.vtbi, maximumFractionDigits: PumpLimits.vtbiFractionDigits, check: Self.vtbiProblem)
        let infused = try reader.decimal(
            .vi, maximumFractionDigits: PumpLimits.volumeFractionDigits, check: Self.volumeInfusedProblem)
        let kvo = try reader.decimal(
            .kvo, maximumFractionDigits: PumpLimits.volumeFractionDigits, check: Self.kvoVolumeProblem)
        let remaining = try reader.integer(.rem, in: PumpLimits.timeRemainingSeconds)
        let battery = try reader.integer(.bat, in: PumpLimits.batteryPercent)
        let alarms = try reader.parsed(.alarms, PumpAlarm.parseList)
        let boot = try reader.parsed(.boot, BootId.init(wireText:))
        do {
            try self.init(
                state: state, rateMlPerHour: rate, vtbiMl: vtbi, volumeInfusedMl: infused, kvoVolumeMl: kvo,
                timeRemainingSeconds: remaining, batteryPercent: battery, alarms: alarms, bootId: boot)
        } catch {
            throw .badValue(error)
        }
    }
}
