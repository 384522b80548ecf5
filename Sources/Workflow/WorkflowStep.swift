/// An action that moves a preparation, as journalled (`workflow.<rawValue>`).
public enum WorkflowStep: String, CaseIterable, Sendable, Hashable, Codable {
    /// Record a new order (creates the preparation).
    case order
    /// Apply the engine's result.
    case calculate
    /// Pharmacist verification.
    case verify
    /// Scan one vial at the bench.
    case scanVial = "scan-vial"
    /// Confirm drug drawn, saline withdrawn and inspection.
    case compound
    /// Independent check by a second person.
    case check
    /// Print the bag label.
    case label
    /// Hand the bag over.
    case dispense
    /// Match bag and patient at the bedside.
    case bedside
    /// Program the pump and compare its read-back.
    case program
    /// About to send START (recorded before it is sent).
    case startRequested = "start-requested"
    /// The pump confirmed it started.
    case start
    /// The START was refused by the pump, or the pump shows it never executed: the program may be started again.
    case startFailed = "start-failed"
    /// A nurse paused the infusion.
    case pause
    /// The pump raised a motor-stopping alarm.
    case alarm
    /// Delivery resumed.
    case resume
    /// The pump delivered the whole volume.
    case complete
    /// Delivery stopped before completion.
    case stop
    /// Put on hold.
    case hold
    /// Released from hold.
    case release
    /// The bag was discarded.
    case discard
    /// The order was withdrawn, or refused by the engine.
    case cancel

    /// The journal event code of this step.
    public var event: String { "workflow.\(rawValue)" }

    /// The command-line option that names the person taking this step, so a malformed name is reported against the
    /// option the person typed (`--pharmacist`, not `--by`).
    public var personOption: String {
        switch self {
        case .verify: "--pharmacist"
        case .check: "--checker"
        case .bedside, .program, .startRequested, .start, .startFailed, .pause, .alarm, .resume, .complete, .stop: "--nurse"
        case .order, .calculate, .scanVial, .compound, .label, .dispense, .hold, .release, .discard, .cancel: "--by"
        }
    }
}
