import PumpProtocol

/// One timed or triggered fault: when `trigger` happens (plus `delay` of simulated time), run `command`.
///
/// Each rule fires at most once. A rule with an `address` watches only that pump, and its pump commands default
/// to it; without one, a pump trigger watches every pump and its action defaults to the pump that triggered it.
public struct ScenarioRule: Sendable, Hashable {
    /// Where the rule was written, for `fired` lines: `scenario.txt:12` or `--fault air@running+30s`.
    public let origin: String
    /// What makes it fire.
    public let trigger: ScenarioTrigger
    /// Simulated time between the trigger and the action (`after:`), zero for none.
    public let delay: Duration
    /// The pump it watches and acts on by default.
    public let address: PumpAddress?
    /// The action.
    public let command: ControlCommand

    /// Creates a rule.
    public init(
        origin: String, trigger: ScenarioTrigger, delay: Duration = .zero, address: PumpAddress? = nil,
        command: ControlCommand
    ) {
        self.origin = origin
        self.trigger = trigger
        self.delay = delay
        self.address = address
        self.command = command
    }
}
