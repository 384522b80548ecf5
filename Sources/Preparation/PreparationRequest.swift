import Foundation
import Monograph

/// Whether this is the first dose of the therapy, and if not, when the earlier infusions started.
public enum TherapyStatus: Sendable, Hashable {
    /// The first dose of this drug for this patient (for CRS: of this episode).
    case firstDose
    /// Continuing therapy; the start times of earlier infusions (for CRS, those of the current episode), oldest first.
    case continuing(previousDoseStarts: [Date])

    /// The earlier starts, empty for a first dose.
    public var previousDoseStarts: [Date] {
        switch self {
        case .firstDose: []
        case .continuing(let starts): starts
        }
    }
}

/// Laboratory results as entered; any may be absent.
public struct LaboratoryResults: Sendable, Hashable {
    /// ALT, multiples of ULN.
    public var altXUln: Decimal?
    /// AST, multiples of ULN.
    public var astXUln: Decimal?
    /// ANC, 10^9/L.
    public var ancE9PerL: Decimal?
    /// Platelets, 10^3/uL.
    public var plateletsE3PerUl: Decimal?

    /// Creates a set of results.
    public init(altXUln: Decimal? = nil, astXUln: Decimal? = nil, ancE9PerL: Decimal? = nil, plateletsE3PerUl: Decimal? = nil) {
        self.altXUln = altXUln
        self.astXUln = astXUln
        self.ancE9PerL = ancE9PerL
        self.plateletsE3PerUl = plateletsE3PerUl
    }

    /// The value the label's tables use for `measure`: for the liver, the worse of ALT and AST.
    public func value(of measure: LaboratoryMeasure) -> Decimal? {
        switch measure {
        case .liverXUln:
            switch (altXUln, astXUln) {
            case let (alt?, ast?): max(alt, ast)
            case let (alt?, nil): alt
            case let (nil, ast?): ast
            case (nil, nil): nil
            }
        case .ancE9PerL: ancE9PerL
        case .plateletsE3PerUl: plateletsE3PerUl
        }
    }

    /// The options of the results that are absent.
    public var missingOptions: [InputOption] {
        var missing: [InputOption] = []
        if altXUln == nil { missing.append(.altXUln) }
        if astXUln == nil { missing.append(.astXUln) }
        if ancE9PerL == nil { missing.append(.anc) }
        if plateletsE3PerUl == nil { missing.append(.platelets) }
        return missing
    }
}

/// A checked order for one preparation: every value is in range and the options are consistent.
///
/// Built from user text by ``PreparationInput/request(monograph:now:)``, or directly by code that already holds typed
/// values (it is then checked again by the engine).
public struct PreparationRequest: Sendable, Hashable {
    /// Which indication.
    public var indication: Indication
    /// Body weight, kg.
    public var weightKg: Decimal
    /// Age, years.
    public var ageYears: Decimal
    /// First dose or continuing.
    public var therapy: TherapyStatus
    /// When the bag is prepared (UTC).
    public var preparedAt: Date
    /// When the infusion is planned to start (UTC); not before `preparedAt`.
    public var plannedStartAt: Date
    /// Laboratory results.
    public var laboratory: LaboratoryResults
    /// The liver elevation has persisted across tests.
    public var persistentLiverElevation: Bool
    /// The laboratory hold this dose resumes from, if any.
    public var resumingAfterHold: HoldCause?
    /// CRS: the first dose brought no clinical improvement.
    public var noClinicalImprovement: Bool
    /// The weight at the previous dose, kg.
    public var previousWeightKg: Decimal?
    /// Hypersensitivity to tocilizumab or an excipient, or earlier anaphylaxis to it.
    public var hypersensitivity: Bool
    /// Active infection, including local.
    public var activeInfection: Bool
    /// The prescribed mg/kg (RA only).
    public var prescribedMgPerKg: Decimal?
    /// The infusion duration, minutes.
    public var durationMinutes: Decimal

    /// Creates a request; see the properties.
    public init(
        indication: Indication, weightKg: Decimal, ageYears: Decimal, therapy: TherapyStatus, preparedAt: Date,
        plannedStartAt: Date? = nil, laboratory: LaboratoryResults = LaboratoryResults(),
        persistentLiverElevation: Bool = false, resumingAfterHold: HoldCause? = nil, noClinicalImprovement: Bool = false,
        previousWeightKg: Decimal? = nil, hypersensitivity: Bool = false, activeInfection: Bool = false,
        prescribedMgPerKg: Decimal? = nil, durationMinutes: Decimal
    ) {
        self.indication = indication
        self.weightKg = weightKg
        self.ageYears = ageYears
        self.therapy = therapy
        self.preparedAt = preparedAt
        self.plannedStartAt = plannedStartAt ?? preparedAt
        self.laboratory = laboratory
        self.persistentLiverElevation = persistentLiverElevation
        self.resumingAfterHold = resumingAfterHold
        self.noClinicalImprovement = noClinicalImprovement
        self.previousWeightKg = previousWeightKg
        self.hypersensitivity = hypersensitivity
        self.activeInfection = activeInfection
        self.prescribedMgPerKg = prescribedMgPerKg
        self.durationMinutes = durationMinutes
    }
}
