import ConfigFile
import Foundation
import Monograph

/// An order exactly as typed: every value still text. ``request(monograph:now:)`` turns it into a checked
/// ``PreparationRequest`` or names the first option that is wrong.
///
/// Parsing lives here rather than in the command line so that every front end (the CLI, a pharmacy-system
/// integration, the workflow) refuses the same inputs with the same messages.
public struct PreparationInput: Sendable {
    public var indication: String?
    public var weightKg: String?
    public var ageYears: String?
    public var firstDose = false
    public var previousDoses: [String] = []
    /// Preparation time; nil means `now`.
    public var at: String?
    /// Planned start; nil means the preparation time.
    public var startAt: String?
    public var altXUln: String?
    public var astXUln: String?
    public var anc: String?
    public var platelets: String?
    public var persistentLiverElevation = false
    public var resumingAfterHold: String?
    public var noClinicalImprovement = false
    public var previousWeightKg: String?
    public var hypersensitivity = false
    public var activeInfection = false
    public var mgPerKg: String?
    public var durationMinutes: String?

    /// An empty order.
    public init() {}

    /// Parses and checks the order. `now` is the preparation time when `--at` is absent (the caller reads the clock).
    public func request(monograph: Monograph, now: Date) throws(PreparationInputError) -> PreparationRequest {
        let ranges = monograph.inputRanges
        guard let indicationText = indication else {
            throw .missing(.indication, accepted: Indication.allCases.map(\.rawValue).joined(separator: "|"))
        }
        guard let indication = Indication(rawValue: indicationText) else {
            throw .notOneOf(.indication, text: indicationText, accepted: Indication.allCases.map(\.rawValue))
        }
        guard let weightText = weightKg else { throw .missing(.weightKg, accepted: RequestValidator.accepted(ranges.weightKg.value, unit: "kg")) }
        guard let ageText = ageYears else { throw .missing(.ageYears, accepted: RequestValidator.accepted(ranges.ageYears.value, unit: "years")) }

        let therapy: TherapyStatus
        switch (firstDose, previousDoses.isEmpty) {
        case (true, false):
            throw .conflict(.firstDose, .previousDose, why: "give one or the other: a first dose has no previous doses")
        case (false, true):
            throw .conflict(.firstDose, .previousDose,
                            why: "therapy status is required: give --first-dose, or --previous-dose with the start time of each earlier infusion")
        case (true, true):
            therapy = .firstDose
        case (false, false):
            var starts: [Date] = []
            for text in previousDoses { starts.append(try Self.time(text, .previousDose)) }
            therapy = .continuing(previousDoseStarts: starts.sorted())
        }
        let preparedAt = try at.map { text throws(PreparationInputError) in try Self.time(text, .at) } ?? now
        let plannedStart = try startAt.map { text throws(PreparationInputError) in try Self.time(text, .startAt) } ?? preparedAt

        let hold: HoldCause?
        if let text = resumingAfterHold {
            guard let cause = HoldCause(rawValue: text) else {
                throw .notOneOf(.resumingAfterHold, text: text, accepted: HoldCause.allCases.map(\.rawValue))
            }
            hold = cause
        } else {
            hold = nil
        }
        let duration = try durationMinutes.map { text throws(PreparationInputError) in
            try Self.number(text, .durationMinutes, ranges.durationMinutes.value, unit: "minutes")
        } ?? monograph.preparation.defaultInfusionMinutes.value

        let request = PreparationRequest(
            indication: indication,
            weightKg: try Self.number(weightText, .weightKg, ranges.weightKg.value, unit: "kg"),
            ageYears: try Self.number(ageText, .ageYears, ranges.ageYears.value, unit: "years"),
            therapy: therapy,
            preparedAt: preparedAt,
            plannedStartAt: plannedStart,
            laboratory: LaboratoryResults(
                altXUln: try altXUln.map { t throws(PreparationInputError) in try Self.number(t, .altXUln, ranges.liverXUln.value, unit: "x ULN") },
                astXUln: try astXUln.map { t throws(PreparationInputError) in try Self.number(t, .astXUln, ranges.liverXUln.value, unit: "x ULN") },
                ancE9PerL: try anc.map { t throws(PreparationInputError) in try Self.number(t, .anc, ranges.ancE9PerL.value, unit: "x 10^9/L") },
                plateletsE3PerUl: try platelets.map { t throws(PreparationInputError) in
                    try Self.number(t, .platelets, ranges.plateletsE3PerUl.value, unit: "x 10^3/uL")
                }
            ),
            persistentLiverElevation: persistentLiverElevation,
            resumingAfterHold: hold,
            noClinicalImprovement: noClinicalImprovement,
            previousWeightKg: try previousWeightKg.map { t throws(PreparationInputError) in
                try Self.number(t, .previousWeightKg, ranges.weightKg.value, unit: "kg")
            },
            hypersensitivity: hypersensitivity,
            activeInfection: activeInfection,
            prescribedMgPerKg: try mgPerKg.map { t throws(PreparationInputError) in try Self.mgPerKg(t, indication, monograph) },
            durationMinutes: duration
        )
        try RequestValidator.validate(request, monograph: monograph)
        return request
    }

    private static func number(_ text: String, _ option: InputOption, _ range: DecimalInterval, unit: String) throws(PreparationInputError) -> Decimal {
        guard let value = StrictDecimal.parse(text) else {
            throw .notANumber(option, text: text, accepted: RequestValidator.accepted(range, unit: unit))
        }
        return value
    }

    private static func mgPerKg(_ text: String, _ indication: Indication, _ monograph: Monograph) throws(PreparationInputError) -> Decimal {
        let accepted = RequestValidator.prescribableMgPerKg(indication, monograph).map { "\($0)" }
        guard let value = StrictDecimal.parse(text) else {
            if accepted.isEmpty { throw RequestValidator.mgPerKgNotApplicable(indication, monograph) }
            throw .notOneOf(.mgPerKg, text: text, accepted: accepted)
        }
        return value
    }

    private static func time(_ text: String, _ option: InputOption) throws(PreparationInputError) -> Date {
        guard let date = Timestamp.parse(text) else { throw .badTime(option, text: text) }
        return date
    }
}
