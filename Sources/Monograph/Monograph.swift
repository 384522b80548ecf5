import Foundation

/// A vial strength the hospital can draw from.
public struct VialSize: Sendable, Hashable {
    /// Drug content, mg.
    public let strengthMg: Decimal
    /// Fill volume, mL.
    public let volumeMl: Decimal
}

/// The product: names, strength and appearance.
public struct Drug: Sendable {
    /// Generic name as on the label.
    public let genericName: Sourced<String>
    /// Trade names, to be recorded with the lot.
    public let tradeNames: Sourced<[String]>
    /// Concentration of every vial, mg/mL.
    public let concentrationMgPerMl: Sourced<Decimal>
    /// The vial sizes, smallest first.
    public let vials: Sourced<[VialSize]>
    /// The identifier the pumps' drug library knows the drug by (sent with every pump program).
    public let pumpDrugId: Sourced<String>
    /// What the solution looks like.
    public let appearance: Sourced<String>
}

/// Compounding instructions and rounding steps.
public struct PreparationRules: Sendable {
    /// The diluent.
    public let diluent: Sourced<String>
    /// Aseptic technique.
    public let asepticTechnique: Sourced<String>
    /// Withdraw saline, inject drug.
    public let method: Sourced<String>
    /// Gentle inversion.
    public let mixing: Sourced<String>
    /// Visual inspection criteria.
    public let inspection: Sourced<String>
    /// Disposal of unused drug.
    public let disposal: Sourced<String>
    /// Record trade name and lot.
    public let traceability: Sourced<String>
    /// The shortest infusion the label allows, minutes.
    public let minimumInfusionMinutes: Sourced<Decimal>
    /// The duration used when none is prescribed, minutes.
    public let defaultInfusionMinutes: Sourced<Decimal>
    /// Drug volumes are rounded half-up to this step, mL.
    public let drugVolumeStepMl: Sourced<Decimal>
    /// Concentrations are rounded half-up to this step, mg/mL.
    public let concentrationStepMgPerMl: Sourced<Decimal>
    /// Rates are rounded down to this step, mL/h.
    public let rateStepMlPerHour: Sourced<Decimal>
}

/// Storage of unopened vials.
public struct VialStorage: Sendable, Hashable {
    /// Lowest storage temperature, °C.
    public let minimumCelsius: Decimal
    /// Highest storage temperature, °C.
    public let maximumCelsius: Decimal
    /// Keep in the carton.
    public let protectFromLight: Bool
    /// Never freeze.
    public let doNotFreeze: Bool
}

/// Storage of the diluted bag.
public struct BagStorage: Sendable, Hashable {
    /// "Use immediately; otherwise ...".
    public let instruction: String
    /// Hours from preparation to beyond-use, refrigerated.
    public let beyondUseHours: Decimal
    /// Lowest storage temperature, °C.
    public let minimumCelsius: Decimal
    /// Highest storage temperature, °C.
    public let maximumCelsius: Decimal
}

/// Storage rules.
public struct Storage: Sendable {
    /// Unopened vials.
    public let unopenedVials: Sourced<VialStorage>
    /// The diluted bag.
    public let dilutedBag: Sourced<BagStorage>
}

/// The accepted range of each numeric input; outside it is an input error, not a clinical decision.
public struct InputRanges: Sendable {
    /// Body weight, kg.
    public let weightKg: Sourced<DecimalInterval>
    /// Age, years.
    public let ageYears: Sourced<DecimalInterval>
    /// ALT and AST, x ULN.
    public let liverXUln: Sourced<DecimalInterval>
    /// ANC, 10^9/L.
    public let ancE9PerL: Sourced<DecimalInterval>
    /// Platelets, 10^3/uL.
    public let plateletsE3PerUl: Sourced<DecimalInterval>
    /// Infusion duration, minutes.
    public let durationMinutes: Sourced<DecimalInterval>

    /// The range for a laboratory measure.
    public func range(for measure: LaboratoryMeasure) -> Sourced<DecimalInterval> {
        switch measure {
        case .liverXUln: liverXUln
        case .ancE9PerL: ancE9PerL
        case .plateletsE3PerUl: plateletsE3PerUl
        }
    }
}

/// The tocilizumab monograph: every number and rule the preparation engine uses, each with its source.
///
/// Loaded from `Config/tocilizumab.yaml` by ``MonographLoader``, which checks it is complete and consistent; the
/// SHA-256 of the exact file is kept so each preparation can record which reviewed version it used.
public struct Monograph: Sendable {
    /// The file it was loaded from.
    public let file: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public let sha256: String
    /// The product.
    public let drug: Drug
    /// Compounding instructions and rounding steps.
    public let preparation: PreparationRules
    /// Storage.
    public let storage: Storage
    /// Accepted input ranges.
    public let inputRanges: InputRanges
    /// The most mg per infusion.
    public let doseCapMg: Sourced<Decimal>
    /// Rules for RA.
    public let ra: IndicationMonograph
    /// Rules for sJIA.
    public let sjia: IndicationMonograph
    /// Rules for CRS.
    public let crs: IndicationMonograph
    /// Age limits and cautions.
    public let ageRules: [AgeRule]
    /// Hypersensitivity to tocilizumab or an excipient.
    public let hypersensitivity: ConditionRule
    /// Active infection, including local.
    public let activeInfection: ConditionRule
    /// Laboratory tables.
    public let laboratory: LaboratoryRules
    /// Pre-administration checklist.
    public let checklist: [ChecklistItem]

    /// The rules of one indication.
    public func rules(for indication: Indication) -> IndicationMonograph {
        switch indication {
        case .ra: ra
        case .sjia: sjia
        case .crs: crs
        }
    }
}
