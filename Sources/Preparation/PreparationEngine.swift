import Foundation
import Monograph

/// The preparation engine: from an order and the monograph to a decision, its reasons and what to prepare.
///
/// Pure: no I/O, no clock (the preparation time is part of the request), no clinical number of its own. Every number
/// comes from the ``Monograph`` and every reason cites the label section or site policy it rests on.
public struct PreparationEngine: Sendable {
    /// The reviewed monograph all rules come from.
    public let monograph: Monograph

    /// Creates an engine over a loaded monograph.
    public init(monograph: Monograph) {
        self.monograph = monograph
    }

    /// Evaluates a request. Throws only for invalid input; every clinical outcome is a result.
    public func evaluate(_ request: PreparationRequest) throws(PreparationInputError) -> PreparationResult {
        try RequestValidator.validate(request, monograph: monograph)
        let rules = monograph.rules(for: request.indication)
        var reasons: [Reason] = []

        reasons += conditionReasons(request)
        reasons += ageReasons(request)
        let timing = timingReasons(request, rules)
        reasons += timing.reasons
        let dosing = dose(request, rules, laboratory: laboratoryReasons(request))
        reasons += dosing.reasons
        reasons += weightBandReasons(request, rules)
        guard let band = rules.band(forWeightKg: request.weightKg) else {
            // The loader guarantees the bands cover every weight; this is unreachable with a checked monograph.
            throw .outOfRange(.weightKg, value: request.weightKg, accepted: "within the monograph's weight bands")
        }
        let calculatedDoseMg = dosing.mgPerKg * request.weightKg
        reasons += capReasons(calculatedDoseMg, rules)
        reasons += beyondUseReasons(request)

        var decision = Decision(reasons.map(\.action).max() ?? .caution)
        let ordered = reasons.enumerated().sorted { lhs, rhs in
            lhs.element.action != rhs.element.action ? lhs.element.action > rhs.element.action : lhs.offset < rhs.offset
        }.map(\.element)

        var plan: PreparationPlan?
        var earliest: Date?
        if decision.preparesDose {
            plan = makePlan(request, mgPerKg: dosing.mgPerKg, calculatedDoseMg: calculatedDoseMg, band: band)
            if plan == nil {
                // Unreachable with a checked monograph (vials exist, doses are positive); never proceed without a plan.
                decision = .refuse
                return PreparationResult(
                    request: request, decision: decision,
                    reasons: [Reason(code: "NO_VIAL_COMBINATION", action: .refuse,
                                     message: "No combination of the monograph's vials covers \(calculatedDoseMg) mg; check the monograph.",
                                     source: monograph.drug.vials.source)] + ordered,
                    plan: nil, earliestNextDoseAt: nil, monographSha256: monograph.sha256)
            }
            let dosesAfterThis = request.therapy.previousDoseStarts.count + 1
            if let maximum = rules.maximumDosesPerEpisode, dosesAfterThis >= maximum.value {
                earliest = nil
            } else {
                earliest = request.plannedStartAt.addingTimeInterval(seconds(hours: rules.dosingIntervalHours.value))
            }
        } else if decision == .hold, let early = timing.earliestAllowedStart {
            earliest = early
        }
        return PreparationResult(
            request: request, decision: decision, reasons: ordered, plan: plan,
            earliestNextDoseAt: earliest, monographSha256: monograph.sha256
        )
    }

    // MARK: Contraindications and age

    private func conditionReasons(_ request: PreparationRequest) -> [Reason] {
        var reasons: [Reason] = []
        if request.hypersensitivity {
            let rule = monograph.hypersensitivity
            reasons.append(Reason(code: "HYPERSENSITIVITY", action: rule.action, message: "Contraindicated: \(rule.note).", source: rule.source))
        }
        if request.activeInfection {
            let rule = monograph.activeInfection
            reasons.append(Reason(code: "ACTIVE_INFECTION", action: rule.action, message: "Contraindicated while present: \(rule.note).", source: rule.source))
        }
        return reasons
    }

    private func ageReasons(_ request: PreparationRequest) -> [Reason] {
        monograph.ageRules.filter { $0.indications.contains(request.indication) && $0.years.contains(request.ageYears) }.map { rule in
            Reason(code: rule.code, action: rule.action,
                   message: "Age \(request.ageYears) years (\(rule.years.phrase) years): \(rule.note).", source: rule.source)
        }
    }

    // MARK: Timing and repeat doses

    private func timingReasons(_ request: PreparationRequest, _ rules: IndicationMonograph) -> (reasons: [Reason], earliestAllowedStart: Date?) {
        let starts = request.therapy.previousDoseStarts
        guard let latest = starts.last else { return ([], nil) }
        var reasons: [Reason] = []
        var earliestAllowed: Date?
        if let maximum = rules.maximumDosesPerEpisode, starts.count >= maximum.value {
            reasons.append(Reason(
                code: "MAXIMUM_DOSES_REACHED", action: .refuse,
                message: "\(starts.count) doses already given in this \(request.indication.rawValue) episode; at most \(maximum.value) are allowed, so a further dose must not be given.",
                source: maximum.source))
        }
        let interval = rules.dosingIntervalHours
        let allowedAt = latest.addingTimeInterval(seconds(hours: interval.value))
        if request.plannedStartAt < allowedAt {
            earliestAllowed = allowedAt
            reasons.append(Reason(
                code: "DOSE_TOO_EARLY", action: .hold,
                message: "The previous infusion started \(Timestamp.format(latest)); consecutive starts must be at least \(intervalPhrase(interval.value)) apart, so this dose may start at \(Timestamp.format(allowedAt)) at the earliest.",
                source: interval.source))
        }
        if let condition = rules.repeatDoseCondition, !request.noClinicalImprovement {
            reasons.append(Reason(
                code: "REPEAT_DOSE_NEEDS_NO_IMPROVEMENT", action: condition.action,
                message: "Dose \(starts.count + 1): \(condition.note); confirm with --no-clinical-improvement.",
                source: condition.source))
        }
        return (reasons, earliestAllowed)
    }

    // MARK: Laboratory

    private func laboratoryReasons(_ request: PreparationRequest) -> [Reason] {
        let lab = request.laboratory
        var reasons: [Reason] = []
        let requirement = monograph.laboratory.required
        if requirement.indications.contains(request.indication), !lab.missingOptions.isEmpty {
            let missing = lab.missingOptions.map(\.rawValue).joined(separator: ", ")
            reasons.append(Reason(code: "LABORATORY_RESULTS_MISSING", action: requirement.action,
                                  message: "Missing \(missing): \(requirement.note).", source: requirement.source))
        }
        let first = request.therapy == .firstDose
        for table in monograph.laboratory.tables where table.indications.contains(request.indication) {
            switch table.therapy {
            case .first where !first, .continuing where first: continue
            default: break
            }
            for rule in table.rules {
                guard let value = lab.value(of: rule.measure), rule.range.contains(value) else { continue }
                let persistent = request.persistentLiverElevation && rule.measure == .liverXUln
                let action = persistent ? (rule.persistentAction ?? rule.action) : rule.action
                let qualifier = persistent && rule.persistentAction != nil ? ", persistent" : ""
                reasons.append(Reason(
                    code: rule.code, action: action,
                    message: "\(measurement(rule.measure, value)) is in the band \(rule.range)\(qualifier): \(rule.note).",
                    source: rule.source))
            }
        }
        if let cause = request.resumingAfterHold {
            for rule in monograph.laboratory.resumeRules where rule.after == cause {
                guard let value = lab.value(of: rule.measure), rule.range.contains(value) else { continue }
                reasons.append(Reason(
                    code: rule.code, action: rule.action,
                    message: "Resuming after a \(cause.rawValue) hold: \(measurement(rule.measure, value)) has not recovered; \(rule.note).",
                    source: rule.source))
            }
        }
        return reasons
    }

    private func measurement(_ measure: LaboratoryMeasure, _ value: Decimal) -> String {
        "\(measure.displayName) \(value) \(measure.unit)"
    }

    // MARK: Dose per kg

    /// The mg/kg to give, with the laboratory reasons adjusted to it and the reasons for any change.
    ///
    /// `reduce` means the engine lowered the prescribed mg/kg: a row asking for a reduction when the prescription is
    /// already at the reduced dose becomes a caution, so the decision never says "reduce" without a lower dose.
    private func dose(_ request: PreparationRequest, _ rules: IndicationMonograph, laboratory: [Reason]) -> (mgPerKg: Decimal, reasons: [Reason]) {
        guard case .prescribed(_, let firstDefault, let reduced) = rules.dosing else {
            // Fixed by weight band: a resume never changes it, but carries the label's reminder.
            var reasons = laboratory
            if let cause = request.resumingAfterHold, let resume = rules.resume[cause] {
                reasons.append(Reason(code: resume.code, action: .caution, message: "Resuming after a \(cause.rawValue) hold: \(resume.note).", source: resume.source))
            }
            return (rules.band(forWeightKg: request.weightKg)?.mgPerKg ?? 0, reasons)
        }
        let prescribed = request.prescribedMgPerKg ?? firstDefault.value
        var mgPerKg = prescribed
        var reasons: [Reason] = []
        for reason in laboratory {
            guard reason.action == .reduce else {
                reasons.append(reason)
                continue
            }
            if reduced.value < prescribed {
                mgPerKg = min(mgPerKg, reduced.value)
                reasons.append(reason.adjusted(action: .reduce,
                                               message: "\(reason.message) The prescribed \(prescribed) mg/kg becomes \(reduced.value) mg/kg."))
            } else {
                reasons.append(reason.adjusted(action: .caution,
                                               message: "\(reason.message) The prescribed \(prescribed) mg/kg is already the reduced dose."))
            }
        }
        if let cause = request.resumingAfterHold, let resume = rules.resume[cause] {
            let message = "Resuming after a \(cause.rawValue) hold"
            if case .mgPerKg(let restart) = resume.choice, restart < prescribed {
                mgPerKg = min(mgPerKg, restart)
                reasons.append(Reason(code: resume.code, action: .reduce,
                                      message: "\(message): the prescribed \(prescribed) mg/kg becomes \(restart) mg/kg; \(resume.note).",
                                      source: resume.source))
            } else {
                reasons.append(Reason(code: resume.code, action: .caution, message: "\(message) at \(prescribed) mg/kg: \(resume.note).",
                                      source: resume.source, severity: .info))
            }
        }
        return (mgPerKg, reasons)
    }

    // MARK: Weight bands, cap, beyond-use

    private func weightBandReasons(_ request: PreparationRequest, _ rules: IndicationMonograph) -> [Reason] {
        guard case .byWeight(let margin?) = rules.dosing else { return [] }
        var reasons: [Reason] = []
        let thresholds = rules.bands.map(\.weightKg.lower).filter { $0 > 0 }
        if let edge = thresholds.first(where: { abs(request.weightKg - $0) <= margin.value }) {
            reasons.append(Reason(
                code: "WEIGHT_NEAR_BAND_EDGE", action: .caution,
                message: "Weight \(request.weightKg) kg is within \(margin.value) kg of the \(edge) kg dose threshold: do not change the dose on a single weight measurement; confirm the weight.",
                source: margin.source))
        }
        if let previous = request.previousWeightKg,
           let before = rules.band(forWeightKg: previous), let now = rules.band(forWeightKg: request.weightKg), before != now {
            reasons.append(Reason(
                code: "WEIGHT_BAND_CHANGED", action: .caution,
                message: "The previous weight \(previous) kg was in the \(before.weightKg) kg band, the current \(request.weightKg) kg is in the \(now.weightKg) kg band: the dose changes; the label warns not to change the dose on a single weight measurement.",
                source: margin.source))
        }
        return reasons
    }

    private func capReasons(_ calculatedDoseMg: Decimal, _ rules: IndicationMonograph) -> [Reason] {
        let cap = monograph.doseCapMg.value
        guard calculatedDoseMg > cap else { return [] }
        if rules.doseCapIsPolicy {
            return [Reason(code: "DOSE_CAPPED_BY_SITE_POLICY", action: .caution,
                           message: "The calculated \(calculatedDoseMg) mg is capped at \(cap) mg by site policy; the label states no cap for \(rules.indication.rawValue).",
                           source: rules.doseCapSource)]
        }
        return [Reason(code: "DOSE_CAPPED", action: .caution,
                       message: "The calculated \(calculatedDoseMg) mg exceeds the label's maximum of \(cap) mg per infusion: the dose is capped at \(cap) mg (the cap is not a dose reduction).",
                       source: rules.doseCapSource, severity: .info)]
    }

    private func beyondUseReasons(_ request: PreparationRequest) -> [Reason] {
        let bag = monograph.storage.dilutedBag
        let beyondUse = request.preparedAt.addingTimeInterval(seconds(hours: bag.value.beyondUseHours))
        let end = request.plannedStartAt.addingTimeInterval(seconds(minutes: request.durationMinutes))
        guard end > beyondUse else { return [] }
        return [Reason(
            code: "INFUSION_WOULD_END_AFTER_BEYOND_USE", action: .hold,
            message: "The infusion would end at \(Timestamp.format(end)), after the bag's beyond-use time \(Timestamp.format(beyondUse)) (\(bag.value.beyondUseHours) h at \(bag.value.minimumCelsius)-\(bag.value.maximumCelsius) °C): prepare closer to administration.",
            source: bag.source)]
    }

    // MARK: The plan

    private func makePlan(_ request: PreparationRequest, mgPerKg: Decimal, calculatedDoseMg: Decimal, band: WeightBand) -> PreparationPlan? {
        let steps = monograph.preparation
        let concentration = monograph.drug.concentrationMgPerMl.value
        let cap = monograph.doseCapMg.value
        let cappedDoseMg = min(calculatedDoseMg, cap)
        var drugVolumeMl = DecimalRounding.halfUp(cappedDoseMg / concentration, step: steps.drugVolumeStepMl.value)
        if drugVolumeMl * concentration > cap {
            drugVolumeMl = DecimalRounding.down(cap / concentration, step: steps.drugVolumeStepMl.value)
        }
        let doseMg = drugVolumeMl * concentration
        let finalVolumeMl = band.bagVolumeMl
        guard let vials = VialPlan.choose(doseMg: doseMg, from: monograph.drug.vials.value, concentrationMgPerMl: concentration) else {
            return nil
        }
        let rate = DecimalRounding.down(finalVolumeMl * 60 / request.durationMinutes, step: steps.rateStepMlPerHour.value)
        return PreparationPlan(
            mgPerKg: mgPerKg,
            calculatedDoseMg: calculatedDoseMg,
            doseMg: doseMg,
            drugVolumeMl: drugVolumeMl,
            salineWithdrawMl: drugVolumeMl,
            bagVolumeMl: band.bagVolumeMl,
            finalVolumeMl: finalVolumeMl,
            concentrationMgPerMl: DecimalRounding.halfUp(doseMg / finalVolumeMl, step: steps.concentrationStepMgPerMl.value),
            rateMlPerHour: rate,
            durationMinutes: request.durationMinutes,
            vials: vials,
            beyondUseAt: request.preparedAt.addingTimeInterval(seconds(hours: monograph.storage.dilutedBag.value.beyondUseHours))
        )
    }

    // MARK: Time arithmetic

    private func seconds(hours: Decimal) -> TimeInterval {
        NSDecimalNumber(decimal: hours * 3600).doubleValue
    }

    private func seconds(minutes: Decimal) -> TimeInterval {
        NSDecimalNumber(decimal: minutes * 60).doubleValue
    }

    private func intervalPhrase(_ hours: Decimal) -> String {
        let days = hours / 24
        return DecimalRounding.down(days, step: 1) == days ? "\(days) days (\(hours) h)" : "\(hours) h"
    }
}
