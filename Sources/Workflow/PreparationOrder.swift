import Preparation

/// A new order: the patient, the CRS episode when relevant, and the order's options as typed.
public struct PreparationOrder: Sendable {
    /// The patient's identifier (as on the wristband).
    public var patientId: String
    /// The CRS episode this dose belongs to (required for CRS: the dose count and interval are per episode).
    public var episodeId: String?
    /// The order's options, exactly as for `infusion prepare`. `--first-dose` / `--previous-dose` state what the
    /// prescriber knows; doses recorded in the journal are always added, so a missing history is never a first dose.
    public var input: PreparationInput

    /// Creates an order.
    public init(patientId: String, episodeId: String? = nil, input: PreparationInput) {
        self.patientId = patientId
        self.episodeId = episodeId
        self.input = input
    }
}
