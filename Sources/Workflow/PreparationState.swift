/// Where one preparation (an order for one patient and one dose) stands, from order to the end of its infusion.
///
/// The happy path runs top to bottom; `onHold`, `paused` (a pump alarm or a nurse's pause) come back, and `stopped`,
/// `discarded`, `cancelled` and `completed` end the preparation.
public enum PreparationState: String, CaseIterable, Sendable, Hashable, Codable {
    /// The order is recorded.
    case ordered
    /// The engine computed the dose and the pharmacy can prepare it.
    case calculated
    /// A pharmacist verified the calculation.
    case verified
    /// Vials are being scanned and drawn.
    case compounding
    /// Drug drawn, saline withdrawn, visual inspection passed.
    case compounded
    /// A second person checked the preparation.
    case checked
    /// The bag label is printed.
    case labelled
    /// The bag left the pharmacy.
    case dispensed
    /// The nurse matched bag and patient at the bedside.
    case atBedside
    /// The pump holds the program and read it back identically.
    case programmed
    /// The pump is delivering.
    case infusing
    /// Delivery is held by a pump alarm or a nurse.
    case paused
    /// The pump delivered the whole volume.
    case completed
    /// Held before infusion (engine hold, or a person's decision); released back to where it was.
    case onHold
    /// The infusion was stopped before completion.
    case stopped
    /// The bag (or its components) was discarded.
    case discarded
    /// The order was withdrawn or the engine refused it; nothing was prepared.
    case cancelled

    /// No further step is possible.
    public var isTerminal: Bool {
        switch self {
        case .completed, .stopped, .discarded, .cancelled: true
        default: false
        }
    }

    /// A pump is involved: recovery must re-attach to it.
    public var involvesPump: Bool {
        switch self {
        case .programmed, .infusing, .paused: true
        default: false
        }
    }
}
