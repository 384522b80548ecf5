import Foundation
import Journal
import Preparation

/// What the pharmacy prepares, as approved by the engine (copied into the journal at calculation).
public struct ApprovedPlan: Sendable, Hashable {
    /// The decision (proceed or reduce).
    public let decision: Decision
    /// mg/kg given.
    public let mgPerKg: Decimal
    /// Dose drawn and labelled, mg.
    public let doseMg: Decimal
    /// Drug volume to draw, mL.
    public let drugVolumeMl: Decimal
    /// Saline to withdraw first, mL.
    public let salineWithdrawMl: Decimal
    /// Bag volume, mL.
    public let bagVolumeMl: Decimal
    /// Final volume, mL (the pump's VTBI).
    public let finalVolumeMl: Decimal
    /// Concentration, mg/mL.
    public let concentrationMgPerMl: Decimal
    /// Pump rate, mL/h.
    public let rateMlPerHour: Decimal
    /// Infusion duration, minutes.
    public let durationMinutes: Decimal
    /// Vials by strength: strength mg -> count.
    public let vials: [Decimal: Int]
    /// Beyond-use time of the bag.
    public let beyondUseAt: Date
    /// The monograph the engine used.
    public let monographSha256: String
}

/// One vial scanned at the bench, as recorded for traceability.
public struct VialRecord: Sendable, Hashable {
    /// GTIN of the pack.
    public let gtin: String
    /// Batch/lot.
    public let lot: String
    /// Expiry (last day of use), `YYYY-MM-DD`.
    public let expiry: String
    /// Serial, when the pack has one.
    public let serial: String?
    /// Strength, mg.
    public let strengthMg: Decimal
    /// Trade name.
    public let tradeName: String
}

/// What the pump was programmed with and confirmed.
public struct PumpAttachment: Sendable, Hashable {
    /// How to reach the pump (`tty:/dev/ttyUSB0`, `tcp:host:port`, ...), as the nurse gave it.
    public let endpoint: String
    /// The pump's address on its line.
    public let address: Int
    /// The pump's serial number (IDEN).
    public let serial: String
    /// The pump's boot identifier when it was programmed: a different one later means it rebooted.
    public let bootId: String
    /// The token of the read-back program: the only key that starts it.
    public let token: String
}

/// One preparation as rebuilt from its journal entries: the single source of truth is the journal.
public struct PreparationRecord: Sendable, Equatable {
    /// The preparation (and bag) identifier.
    public let id: String
    /// The patient.
    public let patientId: String
    /// The indication.
    public let indication: String
    /// The CRS episode, when the indication is CRS.
    public let episodeId: String?
    /// Where it stands.
    public internal(set) var state: PreparationState
    /// The state a hold began from (to release back to it).
    public internal(set) var heldFrom: PreparationState?
    /// The engine's approved plan, once calculated with a dose.
    public internal(set) var plan: ApprovedPlan?
    /// Who verified it.
    public internal(set) var pharmacist: String?
    /// Who compounded it.
    public internal(set) var preparer: String?
    /// Who checked it.
    public internal(set) var checker: String?
    /// Vials scanned.
    public internal(set) var vials: [VialRecord] = []
    /// The pump it was programmed on.
    public internal(set) var pump: PumpAttachment?
    /// A START was about to be sent (journalled before sending).
    public internal(set) var startRequested = false
    /// When the pump confirmed the start.
    public internal(set) var startedAt: Date?
    /// The latest volume infused the pump reported, mL.
    public internal(set) var volumeInfusedMl: Decimal = 0
    /// The sequence number of the last entry applied.
    public internal(set) var lastSequence: Int64
    /// The order's options as journalled (for a recalculation after a hold).
    let orderOptions: [String: JournalValue]

    /// Starts a record from its `workflow.order` entry.
    init(orderEntry entry: JournalEntry) throws(WorkflowError) {
        let reader = EntryReader(entry: entry)
        guard let id = entry.preparationId else { throw reader.malformed("preparationId") }
        self.id = id
        patientId = try reader.string("patientId")
        indication = try reader.string("indication")
        episodeId = reader.optionalString("episodeId")
        orderOptions = try reader.object("order")
        state = .ordered
        lastSequence = entry.sequenceNumber
    }

    /// The order's options as typed input again, for recalculating now: times are left to default to the present.
    var orderInput: PreparationInput {
        var input = PreparationInput()
        func text(_ key: String) -> String? {
            switch orderOptions[key] {
            case .string(let value): value
            case .number(let value): "\(value)"
            default: nil
            }
        }
        func flag(_ key: String) -> Bool { orderOptions[key]?.boolValue ?? false }
        input.indication = text("indication")
        input.weightKg = text("weightKg")
        input.ageYears = text("ageYears")
        input.firstDose = flag("firstDose")
        input.previousDoses = orderOptions["previousDoses"]?.arrayValue?.compactMap(\.stringValue) ?? []
        input.altXUln = text("altXUln")
        input.astXUln = text("astXUln")
        input.anc = text("ancE9PerL")
        input.platelets = text("plateletsE3PerUl")
        input.persistentLiverElevation = flag("persistentLiverElevation")
        input.resumingAfterHold = text("resumingAfterHold")
        input.noClinicalImprovement = flag("noClinicalImprovement")
        input.previousWeightKg = text("previousWeightKg")
        input.hypersensitivity = flag("hypersensitivity")
        input.activeInfection = flag("activeInfection")
        input.mgPerKg = text("mgPerKg")
        input.durationMinutes = text("durationMinutes")
        return input
    }

    /// Applies one later entry of this preparation. Entries that are not workflow steps (pump exchanges) are ignored.
    mutating func apply(_ entry: JournalEntry) throws(WorkflowError) {
        lastSequence = entry.sequenceNumber
        if entry.event.hasPrefix("pump."), let volume = entry.data["volumeInfusedMl"]?.decimalValue {
            volumeInfusedMl = volume
        }
        guard entry.event.hasPrefix("workflow."), let step = WorkflowStep(rawValue: String(entry.event.dropFirst("workflow.".count))) else {
            return
        }
        let reader = EntryReader(entry: entry)
        let to = try reader.state("to")
        switch step {
        case .order:
            throw .journalInconsistent(sequence: entry.sequenceNumber, why: "a second order for preparation \(id)")
        case .calculate:
            plan = to == .calculated ? try Self.plan(try reader.object("plan"), reader) : nil
            heldFrom = to == .onHold ? .ordered : nil
        case .verify:
            pharmacist = entry.actor
        case .scanVial:
            preparer = preparer ?? entry.actor
            vials.append(VialRecord(
                gtin: try reader.string("gtin"), lot: try reader.string("lot"), expiry: try reader.string("expiry"),
                serial: reader.optionalString("serial"), strengthMg: try reader.decimal("strengthMg"),
                tradeName: try reader.string("tradeName")))
        case .compound:
            preparer = entry.actor
        case .check:
            checker = entry.actor
        case .program:
            pump = PumpAttachment(
                endpoint: try reader.string("endpoint"), address: NSDecimalNumber(decimal: try reader.decimal("address")).intValue,
                serial: try reader.string("pumpSerial"), bootId: try reader.string("bootId"), token: try reader.string("token"))
            startRequested = false
        case .startRequested:
            startRequested = true
        case .startFailed:
            startRequested = false
        case .start:
            startedAt = try reader.time("startedAt")
        case .hold:
            heldFrom = state
        case .release:
            heldFrom = nil
        case .label, .dispense, .bedside, .pause, .alarm, .resume, .complete, .stop, .discard, .cancel:
            break
        }
        if let volume = reader.optionalDecimal("volumeInfusedMl") { volumeInfusedMl = volume }
        state = to
    }

    private static func plan(_ object: [String: JournalValue], _ reader: EntryReader) throws(WorkflowError) -> ApprovedPlan {
        func number(_ key: String) throws(WorkflowError) -> Decimal {
            guard let value = object[key]?.decimalValue else { throw reader.malformed("plan.\(key)") }
            return value
        }
        guard let decisionText = object["decision"]?.stringValue, let decision = Decision(rawValue: decisionText) else {
            throw reader.malformed("plan.decision")
        }
        guard let beyondUseText = object["beyondUseAt"]?.stringValue, let beyondUse = Timestamp.parse(beyondUseText) else {
            throw reader.malformed("plan.beyondUseAt")
        }
        guard let sha = object["monographSha256"]?.stringValue else { throw reader.malformed("plan.monographSha256") }
        var vials: [Decimal: Int] = [:]
        for item in object["vials"]?.arrayValue ?? [] {
            guard let vial = item.objectValue, let strength = vial["strengthMg"]?.decimalValue, let count = vial["count"]?.decimalValue else {
                throw reader.malformed("plan.vials")
            }
            vials[strength] = NSDecimalNumber(decimal: count).intValue
        }
        return ApprovedPlan(
            decision: decision, mgPerKg: try number("mgPerKg"), doseMg: try number("doseMg"), drugVolumeMl: try number("drugVolumeMl"),
            salineWithdrawMl: try number("salineWithdrawMl"), bagVolumeMl: try number("bagVolumeMl"),
            finalVolumeMl: try number("finalVolumeMl"), concentrationMgPerMl: try number("concentrationMgPerMl"),
            rateMlPerHour: try number("rateMlPerHour"), durationMinutes: try number("durationMinutes"), vials: vials,
            beyondUseAt: beyondUse, monographSha256: sha)
    }
}

extension ApprovedPlan {
    /// The plan as journal data (exact decimals), read back by ``PreparationRecord``.
    init?(result: PreparationResult) {
        guard let plan = result.plan, result.decision.preparesDose else { return nil }
        var vials: [Decimal: Int] = [:]
        for vial in plan.vials.vials { vials[vial.strengthMg] = vial.count }
        self.init(
            decision: result.decision, mgPerKg: plan.mgPerKg, doseMg: plan.doseMg, drugVolumeMl: plan.drugVolumeMl,
            salineWithdrawMl: plan.salineWithdrawMl, bagVolumeMl: plan.bagVolumeMl, finalVolumeMl: plan.finalVolumeMl,
            concentrationMgPerMl: plan.concentrationMgPerMl, rateMlPerHour: plan.rateMlPerHour,
            durationMinutes: plan.durationMinutes, vials: vials, beyondUseAt: plan.beyondUseAt,
            monographSha256: result.monographSha256)
    }

    /// The plan as a journal object.
    var journalValue: JournalValue {
        .object([
            "decision": .string(decision.rawValue), "mgPerKg": .number(mgPerKg), "doseMg": .number(doseMg),
            "drugVolumeMl": .number(drugVolumeMl), "salineWithdrawMl": .number(salineWithdrawMl),
            "bagVolumeMl": .number(bagVolumeMl), "finalVolumeMl": .number(finalVolumeMl),
            "concentrationMgPerMl": .number(concentrationMgPerMl), "rateMlPerHour": .number(rateMlPerHour),
            "durationMinutes": .number(durationMinutes),
            "vials": .array(vials.keys.sorted(by: >).map { strength in
                .object(["strengthMg": .number(strength), "count": .number(Decimal(vials[strength] ?? 0))])
            }),
            "beyondUseAt": .string(Timestamp.format(beyondUseAt)), "monographSha256": .string(monographSha256),
        ])
    }
}
