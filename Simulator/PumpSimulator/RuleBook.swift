import Foundation
import PumpProtocol

/// The running state of the scenario rules: which have fired, which wait for their delay, how many requests of each
/// code each rule has seen. Each rule fires at most once.
struct RuleBook: Sendable {
    /// A rule whose action is due now, aimed at `pump` when its trigger watched one.
    struct Activation: Sendable, Hashable {
        let rule: ScenarioRule
        let pump: PumpAddress?

        /// The action with its default address filled in (§ ScenarioRule).
        var command: ControlCommand { rule.command.defaultingAddress(to: rule.address ?? pump) }
    }

    private let rules: [ScenarioRule]
    /// True once a rule's trigger has happened (its action may still be waiting for the delay).
    private var triggered: [Bool]
    /// Rules waiting for their delay: index, simulated due time, pump.
    private var waiting: [(index: Int, dueSimulated: Int64, pump: PumpAddress?)] = []
    /// Valid requests seen per rule (command triggers only), saturating.
    private var commandCounts: [Int]

    init(rules: [ScenarioRule]) {
        self.rules = rules
        triggered = Array(repeating: false, count: rules.count)
        commandCounts = Array(repeating: 0, count: rules.count)
    }

    /// A pump entered `state`.
    mutating func stateEntered(_ state: PumpState, pump: PumpAddress, now: SimulationInstant) -> [Activation] {
        trigger(where: { $0 == .stateEntered(state) }, pump: pump, now: now)
    }

    /// A valid request with `code` reached `pump`.
    mutating func requestSeen(_ code: CommandCode, pump: PumpAddress, now: SimulationInstant) -> [Activation] {
        var activations: [Activation] = []
        for index in rules.indices where !triggered[index] && watches(index, pump) {
            guard case .command(let ruleCode, let occurrence) = rules[index].trigger, ruleCode == code else { continue }
            commandCounts[index] = min(commandCounts[index] + 1, Int.max - 1)
            if commandCounts[index] == occurrence { activations += activate(index, pump: pump, now: now) }
        }
        return activations
    }

    /// True while a volume rule has not fired: only then are the pumps' volumes needed at every step.
    var watchesVolumes: Bool {
        rules.indices.contains { index in
            if case .volumeInfused = rules[index].trigger { return !triggered[index] }
            return false
        }
    }

    /// Time and volume triggers, and delayed actions now due. `volumes` gives each pump's reported `vi`.
    mutating func check(now: SimulationInstant, volumes: () -> [(PumpAddress, Decimal)]) -> [Activation] {
        var activations: [Activation] = []
        let currentVolumes = watchesVolumes ? volumes() : []
        for index in rules.indices where !triggered[index] {
            switch rules[index].trigger {
            case .simulatedTime(let time) where now.simulatedNanoseconds >= time.nanosecondsClamped:
                activations += activate(index, pump: nil, now: now)
            case .wallTime(let time) where now.wallNanoseconds >= time.nanosecondsClamped:
                activations += activate(index, pump: nil, now: now)
            case .volumeInfused(let threshold):
                if let (pump, _) = currentVolumes.first(where: { watches(index, $0.0) && $0.1 >= threshold }) {
                    activations += activate(index, pump: pump, now: now)
                }
            default:
                continue
            }
        }
        let due = waiting.filter { $0.dueSimulated <= now.simulatedNanoseconds }
        waiting.removeAll { $0.dueSimulated <= now.simulatedNanoseconds }
        activations += due.map { Activation(rule: rules[$0.index], pump: $0.pump) }
        return activations
    }

    private func watches(_ index: Int, _ pump: PumpAddress) -> Bool {
        rules[index].address.map { $0 == pump } ?? true
    }

    private mutating func trigger(where matches: (ScenarioTrigger) -> Bool, pump: PumpAddress, now: SimulationInstant)
        -> [Activation]
    {
        var activations: [Activation] = []
        for index in rules.indices where !triggered[index] && watches(index, pump) && matches(rules[index].trigger) {
            activations += activate(index, pump: pump, now: now)
        }
        return activations
    }

    private mutating func activate(_ index: Int, pump: PumpAddress?, now: SimulationInstant) -> [Activation] {
        triggered[index] = true
        let delay = rules[index].delay.nanosecondsClamped
        guard delay > 0 else { return [Activation(rule: rules[index], pump: pump)] }
        waiting.append((index, SimulationInstant.saturatingAdd(now.simulatedNanoseconds, delay), pump))
        return []
    }
}
