import Foundation
import Journal
import Monograph
import Preparation
import Scanning

extension Workflow {
    // MARK: Order and calculation

    /// Records a new order and the engine's decision on it, in one journal transaction.
    ///
    /// The dose history is the journal's own: every infusion it recorded as started for this patient and indication
    /// (for CRS, this episode) is added to what the order states, so neither a forgotten `--previous-dose` nor a
    /// wrong `--first-dose` can hide a dose. The engine then decides as for `infusion prepare`.
    public func order(_ order: PreparationOrder, by prescriber: String) async throws(WorkflowError) -> (record: PreparationRecord, result: PreparationResult) {
        let indication = try Self.checkOrderFields(order, by: prescriber, monograph: monograph, now: clock.now())

        let request = try await orderRequest(order.input, patientId: order.patientId, episodeId: order.episodeId)
        let result: PreparationResult
        do {
            result = try engine.evaluate(request)
        } catch {
            throw .badInput(field: error.option.rawValue, message: error.description)
        }

        let id = makeId()
        let orderDraft = JournalEntryDraft(time: clock.now(), actor: prescriber, preparationId: id, event: WorkflowStep.order.event, data: [
            "from": .null, "to": .string(PreparationState.ordered.rawValue), "patientId": .string(order.patientId),
            "indication": .string(indication.rawValue), "episodeId": .optional(order.episodeId),
            "order": Self.journalValue(of: order.input, request: request),
        ])
        try await write([orderDraft, calculationDraft(id: id, from: .ordered, result)])
        return (try record(id), result)
    }

    /// Checks everything about an order that does not depend on the journal: the people and patient named, the
    /// indication and episode, and every option the engine parses and validates. `order` runs the same checks, then
    /// the journal's dose history; a command calls this first so that a malformed order is refused before a journal
    /// (or its data directory) is created for it.
    public static func checkOrder(_ order: PreparationOrder, by prescriber: String, monograph: Monograph, now: Date) throws(WorkflowError) {
        _ = try checkOrderFields(order, by: prescriber, monograph: monograph, now: now)
        let request: PreparationRequest
        do {
            request = try order.input.request(monograph: monograph, now: now)
        } catch {
            throw .badInput(field: error.option.rawValue, message: error.description)
        }
        do {
            _ = try PreparationEngine(monograph: monograph).evaluate(request)
        } catch {
            throw .badInput(field: error.option.rawValue, message: error.description)
        }
    }

    private static func checkOrderFields(_ order: PreparationOrder, by prescriber: String, monograph: Monograph, now: Date) throws(WorkflowError) -> Indication {
        try validatePerson(prescriber, field: "--by")
        try validateIdentifier(order.patientId, field: "--patient", what: "a patient identifier")
        guard let indicationText = order.input.indication, let indication = Indication(rawValue: indicationText) else {
            // Let the engine's parser produce its usual message for a missing or unknown indication.
            do {
                _ = try order.input.request(monograph: monograph, now: now)
            } catch {
                throw .badInput(field: error.option.rawValue, message: error.description)
            }
            throw .badInput(field: "--indication", message: "is required")
        }
        if indication == .crs {
            guard let episode = order.episodeId else {
                throw .badInput(field: "--episode", message: "is required for crs: doses are counted and spaced per CRS episode")
            }
            try validateIdentifier(episode, field: "--episode", what: "an episode identifier")
        } else if order.episodeId != nil {
            throw .badInput(field: "--episode", message: "applies to crs only")
        }
        return indication
    }

    /// The request for an order, with the journal's dose history added to what the order states.
    ///
    /// Every infusion the journal recorded as started for this patient and indication (for CRS, this episode) is a
    /// previous dose, whatever the order says: `--first-dose` is refused when the journal knows of one.
    func orderRequest(_ input: PreparationInput, patientId: String, episodeId: String?) async throws(WorkflowError) -> PreparationRequest {
        var input = input
        let indication = input.indication ?? ""
        let history = doseStarts(patientId: patientId, indication: indication, episodeId: episodeId)
        if input.firstDose, let latest = history.last {
            throw .badInput(field: "--first-dose",
                            message: "the journal records \(history.count) earlier infusion(s) of \(indication) for patient \(patientId), the latest started \(Timestamp.format(latest))")
        }
        if !history.isEmpty {
            let claimed = input.previousDoses.compactMap(Timestamp.parse)
            input.firstDose = false
            input.previousDoses = Set(claimed).union(history).sorted().map(Timestamp.format)
        }
        return try parse(input)
    }

    /// The `workflow.calculate` entry for a result: the state follows the decision.
    func calculationDraft(_ record: PreparationRecord, _ result: PreparationResult) -> JournalEntryDraft {
        calculationDraft(id: record.id, from: record.state, result)
    }

    private func calculationDraft(id: String, from: PreparationState, _ result: PreparationResult) -> JournalEntryDraft {
        let target: PreparationState = switch result.decision {
        case .proceed, .reduce: .calculated
        case .hold: .onHold
        case .discontinue, .refuse: .cancelled
        }
        return JournalEntryDraft(time: clock.now(), actor: JournalEntryDraft.systemActor, preparationId: id, event: WorkflowStep.calculate.event, data: [
            "from": .string(from.rawValue), "to": .string(target.rawValue),
            "decision": .string(result.decision.rawValue),
            "reasons": .array(result.reasons.map { .object(["code": .string($0.code), "severity": .string($0.severity.rawValue), "message": .string($0.message), "source": .string($0.source)]) }),
            "plan": ApprovedPlan(result: result)?.journalValue ?? .null,
            "earliestNextDoseAt": .optional(result.earliestNextDoseAt.map(Timestamp.format)),
            "monographSha256": .string(result.monographSha256),
        ])
    }

    private func parse(_ input: PreparationInput) throws(WorkflowError) -> PreparationRequest {
        do {
            return try input.request(monograph: monograph, now: clock.now())
        } catch {
            throw .badInput(field: error.option.rawValue, message: error.description)
        }
    }

    /// The order as journalled: every option, with the times resolved.
    static func journalValue(of input: PreparationInput, request: PreparationRequest) -> JournalValue {
        .object([
            "indication": .optional(input.indication), "weightKg": .number(request.weightKg), "ageYears": .number(request.ageYears),
            "firstDose": .bool(input.firstDose), "previousDoses": .array(request.therapy.previousDoseStarts.map { .string(Timestamp.format($0)) }),
            "at": .string(Timestamp.format(request.preparedAt)), "startAt": .string(Timestamp.format(request.plannedStartAt)),
            "altXUln": .optional(request.laboratory.altXUln), "astXUln": .optional(request.laboratory.astXUln),
            "ancE9PerL": .optional(request.laboratory.ancE9PerL), "plateletsE3PerUl": .optional(request.laboratory.plateletsE3PerUl),
            "persistentLiverElevation": .bool(request.persistentLiverElevation),
            "resumingAfterHold": .optional(request.resumingAfterHold?.rawValue),
            "noClinicalImprovement": .bool(request.noClinicalImprovement),
            "previousWeightKg": .optional(request.previousWeightKg), "hypersensitivity": .bool(request.hypersensitivity),
            "activeInfection": .bool(request.activeInfection), "mgPerKg": .optional(request.prescribedMgPerKg),
            "durationMinutes": .number(request.durationMinutes),
        ])
    }

    /// Start times of every infusion the journal recorded as started for this patient and indication (and episode).
    public func doseStarts(patientId: String, indication: String, episodeId: String?) -> [Date] {
        allRecords().filter { record in
            record.patientId == patientId && record.indication == indication && (indication != Indication.crs.rawValue || record.episodeId == episodeId)
        }.compactMap(\.startedAt).sorted()
    }

    // MARK: Pharmacy steps

    /// A pharmacist verifies the calculation.
    @discardableResult
    public func verify(_ id: String, pharmacist: String) async throws(WorkflowError) -> PreparationRecord {
        try await transition(id, .verify, actor: pharmacist)
    }

    /// Scans one vial at the bench: GS1 element string, site product list, expiry, and the vial must be one the plan
    /// still needs. The first scan starts compounding; only its preparer may continue.
    @discardableResult
    public func scanVial(_ id: String, code: String, by preparer: String) async throws(WorkflowError) -> VialRecord {
        var record = try await checkedRecord(id, .scanVial, actor: preparer)
        if let first = record.preparer, first != preparer {
            try await refuse(record, .scanVial, actor: preparer, "compounding was started by \(first); the same person draws every vial")
        }
        guard let plan = record.plan else {
            try await refuse(record, .scanVial, actor: preparer, "there is no approved plan to compound")
        }
        let now = clock.now()
        guard let today = CalendarDay(now, in: site.timeZone) else {
            try await refuse(record, .scanVial, actor: preparer, "the current date cannot be read in \(site.timeZone.identifier)")
        }
        let vial: ScannedVial
        do {
            let scan = try GS1ElementString.parse(code, referenceDay: today)
            vial = try VialCheck.check(scan, products: products, today: today)
        } catch let error as GS1ParseError {
            try await refuse(record, .scanVial, actor: preparer, "the scan is not a valid GS1 vial code: \(error)")
        } catch let error as VialRefusal {
            try await refuse(record, .scanVial, actor: preparer, "\(error)")
        } catch {
            try await refuse(record, .scanVial, actor: preparer, "\(error)")
        }
        let strength = vial.product.strengthMg
        if vial.product.strengthMg / vial.product.volumeMl != monograph.drug.concentrationMgPerMl.value {
            try await refuse(record, .scanVial, actor: preparer,
                             "product \(vial.gtin.digits) is listed as \(strength) mg/\(vial.product.volumeMl) mL, not the monograph's \(monograph.drug.concentrationMgPerMl.value) mg/mL")
        }
        let needed = plan.vials[strength] ?? 0
        let scanned = record.vials.filter { $0.strengthMg == strength }.count
        if scanned >= needed {
            let planText = plan.vials.keys.sorted(by: >).map { "\(plan.vials[$0] ?? 0) x \($0) mg" }.joined(separator: " + ")
            try await refuse(record, .scanVial, actor: preparer,
                             needed == 0 ? "a \(strength) mg vial is not in the plan (\(planText))"
                                         : "the plan needs \(needed) x \(strength) mg and \(scanned) are already scanned (\(planText))")
        }
        if let serial = vial.serial, record.vials.contains(where: { $0.gtin == vial.gtin.digits && $0.serial == serial }) {
            try await refuse(record, .scanVial, actor: preparer, "this vial (GTIN \(vial.gtin.digits), serial \(serial)) was already scanned")
        }
        let entry = VialRecord(gtin: vial.gtin.digits, lot: vial.batchLot, expiry: vial.expiry.lastDayOfUse.description,
                               serial: vial.serial, strengthMg: strength, tradeName: vial.product.tradeName)
        try await write([draft(.scanVial, record, actor: preparer, to: .compounding, [
            "gtin": .string(entry.gtin), "lot": .string(entry.lot), "expiry": .string(entry.expiry), "serial": .optional(entry.serial),
            "strengthMg": .number(strength), "tradeName": .string(entry.tradeName),
        ])])
        record = try self.record(id)
        return entry
    }

    /// Confirms the drug volume drawn, the saline withdrawn and the visual inspection. A failed inspection discards
    /// the bag; a volume that differs from the plan is refused (re-measure before confirming).
    @discardableResult
    public func compound(
        _ id: String, drugDrawnMl: Decimal, salineWithdrawnMl: Decimal, inspectionPassed: Bool, by preparer: String
    ) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, .compound, actor: preparer)
        guard let plan = record.plan else { try await refuse(record, .compound, actor: preparer, "there is no approved plan") }
        if let first = record.preparer, first != preparer {
            try await refuse(record, .compound, actor: preparer, "compounding was started by \(first); that person confirms it")
        }
        var missing: [String] = []
        for strength in plan.vials.keys.sorted(by: >) {
            let scanned = record.vials.filter { $0.strengthMg == strength }.count
            if scanned < plan.vials[strength] ?? 0 { missing.append("\((plan.vials[strength] ?? 0) - scanned) x \(strength) mg") }
        }
        if !missing.isEmpty {
            try await refuse(record, .compound, actor: preparer, "vials not yet scanned: \(missing.joined(separator: ", "))")
        }
        if drugDrawnMl != plan.drugVolumeMl {
            try await refuse(record, .compound, actor: preparer, "drug drawn \(drugDrawnMl) mL, but the plan is \(plan.drugVolumeMl) mL: re-measure")
        }
        if salineWithdrawnMl != plan.salineWithdrawMl {
            try await refuse(record, .compound, actor: preparer, "saline withdrawn \(salineWithdrawnMl) mL, but the plan is \(plan.salineWithdrawMl) mL: re-measure")
        }
        let data: [String: JournalValue] = ["drugDrawnMl": .number(drugDrawnMl), "salineWithdrawnMl": .number(salineWithdrawnMl)]
        guard inspectionPassed else {
            var discard = data
            discard["reason"] = .string("failed visual inspection (\(monograph.preparation.inspection.source))")
            discard["inspection"] = .string("failed")
            return try await transition(id, .discard, actor: preparer, discard)
        }
        var compounded = data
        compounded["inspection"] = .string("passed")
        return try await transition(id, .compound, actor: preparer, compounded)
    }

    /// A second person checks the preparation; the checker must not be the preparer.
    @discardableResult
    public func check(_ id: String, checker: String) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, .check, actor: checker)
        if record.preparer == checker {
            try await refuse(record, .check, actor: checker, "the checker must not be the preparer (\(checker))")
        }
        return try await transition(id, .check, actor: checker)
    }

    /// Prints the bag label (returned) and records it.
    public func label(_ id: String, by person: String) async throws(WorkflowError) -> String {
        let record = try await checkedRecord(id, .label, actor: person)
        try await refuseIfPastBeyondUse(record, .label, actor: person)
        let text = BagLabel(record: record, monograph: monograph).text
        try await transition(id, .label, actor: person, ["label": .string(text)])
        return text
    }

    /// The bag leaves the pharmacy.
    @discardableResult
    public func dispense(_ id: String, by person: String) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, .dispense, actor: person)
        try await refuseIfPastBeyondUse(record, .dispense, actor: person)
        return try await transition(id, .dispense, actor: person)
    }

    // MARK: Exits

    /// Puts a preparation on hold before infusion.
    @discardableResult
    public func hold(_ id: String, reason: String, by person: String) async throws(WorkflowError) -> PreparationRecord {
        _ = try await checkedRecord(id, .hold, actor: person)
        return try await transition(id, .hold, actor: person, ["reason": .string(try Self.reasonText(reason))])
    }

    /// Releases a hold back to where it began. A preparation the engine held is recalculated now, from its order
    /// and the journal's dose history, in the same transaction as the release.
    @discardableResult
    public func release(_ id: String, by person: String) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, .release, actor: person)
        let back = record.heldFrom ?? .ordered
        guard back == .ordered else {
            return try await transition(id, .release, actor: person, to: back)
        }
        let request = try await orderRequest(record.orderInput, patientId: record.patientId, episodeId: record.episodeId)
        let result: PreparationResult
        do {
            result = try engine.evaluate(request)
        } catch {
            throw .badInput(field: error.option.rawValue, message: error.description)
        }
        var released = record
        released.state = .ordered
        try await write([
            draft(.release, record, actor: person, to: .ordered),
            calculationDraft(released, result),
        ])
        return try self.record(id)
    }

    /// Discards the bag or its components, with the reason (beyond-use passed, wrong lot, ...).
    @discardableResult
    public func discard(_ id: String, reason: String, by person: String) async throws(WorkflowError) -> PreparationRecord {
        _ = try await checkedRecord(id, .discard, actor: person)
        return try await transition(id, .discard, actor: person, ["reason": .string(try Self.reasonText(reason))])
    }

    /// Withdraws an order before anything was drawn.
    @discardableResult
    public func cancel(_ id: String, reason: String, by person: String) async throws(WorkflowError) -> PreparationRecord {
        _ = try await checkedRecord(id, .cancel, actor: person)
        return try await transition(id, .cancel, actor: person, ["reason": .string(try Self.reasonText(reason))])
    }

    static func reasonText(_ reason: String) throws(WorkflowError) -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 500, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .badInput(field: "--reason", message: "must be 1-500 characters of text without control characters")
        }
        return trimmed
    }

    /// Refuses a step once the bag is past its beyond-use time, or would be before its infusion ends.
    func refuseIfPastBeyondUse(_ record: PreparationRecord, _ step: WorkflowStep, actor: String, infusionStartingNow: Bool = false) async throws(WorkflowError) {
        guard let plan = record.plan else { return }
        let now = clock.now()
        let end = infusionStartingNow ? now.addingTimeInterval(NSDecimalNumber(decimal: plan.durationMinutes * 60).doubleValue) : now
        if end > plan.beyondUseAt {
            let what = infusionStartingNow ? "an infusion starting now would end at \(Timestamp.format(end)), after" : "it is past"
            try await refuse(record, step, actor: actor, "\(what) the bag's beyond-use time \(Timestamp.format(plan.beyondUseAt)): discard it and prepare a new bag")
        }
    }
}
