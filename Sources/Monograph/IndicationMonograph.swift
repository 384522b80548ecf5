import Foundation

/// A weight band of an indication: the dose per kg (when fixed by weight) and the bag to dilute into.
public struct WeightBand: Sendable, Hashable {
    /// The weights (kg) of the band.
    public let weightKg: DecimalInterval
    /// mg/kg for indications dosed by weight; nil where the prescriber chooses (RA).
    public let mgPerKg: Decimal?
    /// The 0.9% saline bag volume, which is also the final volume.
    public let bagVolumeMl: Decimal
    /// Citation.
    public let source: Source
}

/// How an indication's mg/kg is chosen.
public enum DosingMode: Sendable {
    /// The prescriber chooses among `allowedMgPerKg` (RA: 4 or 8).
    case prescribed(
        allowedMgPerKg: Sourced<[Decimal]>,
        firstDoseDefaultMgPerKg: Sourced<Decimal>,
        reducedMgPerKg: Sourced<Decimal>
    )
    /// The weight band fixes the dose (sJIA, CRS); near a threshold the margin triggers a warning, when set.
    case byWeight(bandEdgeMarginKg: Sourced<Decimal>?)
}

/// What dose to give when resuming after a laboratory hold.
public struct ResumeDose: Sendable, Hashable {
    /// The dose choice.
    public enum Choice: Sendable, Hashable {
        /// A fixed mg/kg (RA after an ANC or platelet hold: 4).
        case mgPerKg(Decimal)
        /// The prescribed mg/kg.
        case prescribed
        /// The weight-band dose.
        case weightBand
    }

    /// The dose.
    public let choice: Choice
    /// Stable reason code.
    public let code: String
    /// Advice in words.
    public let note: String
    /// Citation.
    public let source: Source
}

/// Everything the monograph says about one indication.
public struct IndicationMonograph: Sendable {
    /// Which indication.
    public let indication: Indication
    /// Its name in words.
    public let name: String
    /// The indication statement printed on the worksheet.
    public let worksheetNote: Sourced<String>
    /// How mg/kg is chosen.
    public let dosing: DosingMode
    /// Weight bands covering every weight from 0 up, without overlap.
    public let bands: [WeightBand]
    /// Whether the dose cap rests on site policy rather than the label (sJIA).
    public let doseCapIsPolicy: Bool
    /// Where the cap comes from for this indication.
    public let doseCapSource: Source
    /// Minimum time between consecutive infusion starts, in hours.
    public let dosingIntervalHours: Sourced<Decimal>
    /// The most doses in one episode (CRS), if limited.
    public let maximumDosesPerEpisode: Sourced<Int>?
    /// The clinical condition for a repeat dose (CRS: no improvement after the first), if any.
    public let repeatDoseCondition: ConditionRule?
    /// Dose on resuming after each kind of laboratory hold.
    public let resume: [HoldCause: ResumeDose]

    /// The band containing `weightKg`; the loader guarantees the bands cover every weight.
    public func band(forWeightKg weightKg: Decimal) -> WeightBand? {
        bands.first { $0.weightKg.contains(weightKg) }
    }
}
