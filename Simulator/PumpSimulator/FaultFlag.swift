import PumpProtocol

/// The `--fault ACTION@TRIGGER[/ADDR]` flag: one scenario rule in a single word, for the common cases.
///
/// - ACTION: a cause (`occdn`, `occup`, `air`, `door`, `malfunction`; `door=off` clears it), `reboot`,
///   `battery=PCT`, `silence=SECONDS`, `unplug=SECONDS`, `drop[=N]`, `corrupt[=N]`, `duplicate[=N]`,
///   `garbage=N`, `slow=MS[,N]`: the control command of the same name.
/// - TRIGGER: `90s` (simulated time), `wall=5s`, a state with an optional simulated delay (`running+30s`),
///   `vi=50[+10s]`, a command code with an optional occurrence and delay (`STRT`, `STRT#2`, `READ#1+5s`).
/// - `/ADDR`: the pump watched and acted on.
///
/// Examples: `air@running+30s`, `reboot@vi=50`, `drop@STRT`, `door@90s/2`.
public enum FaultFlag {
    /// The accepted form, for error messages.
    public static let form = "ACTION@TRIGGER[/ADDR], e.g. air@running+30s, reboot@vi=50, drop@STRT, door@90s/2"

    /// Parses one `--fault` value for a line whose pumps have `addresses`.
    public static func parse(_ spec: String, addresses: Set<PumpAddress>) throws(ScenarioError) -> ScenarioRule {
        let location = "--fault '\(PrintableText.of(spec))'"
        let halves = spec.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty else {
            throw ScenarioError(location: location, problem: "expected \(form)")
        }
        var triggerText = String(halves[1])
        var address: PumpAddress?
        if let slash = triggerText.lastIndex(of: "/") {
            let addressText = String(triggerText[triggerText.index(after: slash)...])
            triggerText = String(triggerText[..<slash])
            address = try ScenarioParser.address(addressText, addresses: addresses, location: location)
        }
        let command = try ScenarioParser.command(
            try controlLine(action: String(halves[0]), location: location), addresses: addresses, location: location)
        let (trigger, delay) = try parseTrigger(triggerText, location: location)
        return ScenarioRule(origin: "--fault \(spec)", trigger: trigger, delay: delay, address: address, command: command)
    }

    /// The control line an ACTION stands for.
    private static func controlLine(action: String, location: String) throws(ScenarioError) -> String {
        let parts = action.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let verb = parts[0]
        let argument = parts.count > 1 ? parts[1].replacingOccurrences(of: ",", with: " ") : nil
        if AlarmCause(rawValue: verb) != nil {
            switch argument {
            case nil, "on": return "fault \(verb) on"
            case "off": return "fault \(verb) off"
            default:
                throw ScenarioError(location: location, problem: "\(verb)=\(argument ?? "") is not \(verb), \(verb)=on or \(verb)=off")
            }
        }
        let countDefaultsToOne = ["drop", "corrupt", "duplicate"]
        if argument == nil, countDefaultsToOne.contains(verb) { return "\(verb) 1" }
        guard ["reboot", "battery", "silence", "unplug", "garbage", "slow"].contains(verb) || countDefaultsToOne.contains(verb)
        else {
            throw ScenarioError(
                location: location,
                problem: "action '\(PrintableText.of(verb))' is not one of \(AlarmCause.acceptedNames), reboot, "
                    + "battery=PCT, silence=S, unplug=S, drop[=N], corrupt[=N], duplicate[=N], garbage=N, slow=MS[,N]")
        }
        return argument.map { "\(verb) \($0)" } ?? verb
    }

    /// A trigger and its delay: `90s`, `wall=5s`, `running+30s`, `vi=50+10s`, `STRT#2+1s`.
    private static func parseTrigger(_ text: String, location: String) throws(ScenarioError) -> (ScenarioTrigger, Duration) {
        if text.hasPrefix("wall=") {
            return (.wallTime(try ScenarioParser.duration(String(text.dropFirst(5)), key: "wall", location: location)), .zero)
        }
        if let duration = SimulatorNumber.duration(text) { return (.simulatedTime(duration), .zero) }
        var base = text
        var delay = Duration.zero
        if let plus = text.firstIndex(of: "+") {
            base = String(text[..<plus])
            delay = try ScenarioParser.duration(String(text[text.index(after: plus)...]), key: "delay", location: location)
        }
        if base.hasPrefix("vi=") {
            return (try ScenarioParser.trigger(key: "vi", text: String(base.dropFirst(3)), location: location), delay)
        }
        var occurrence = 1
        if let hash = base.firstIndex(of: "#") {
            let countText = String(base[base.index(after: hash)...])
            guard let count = SimulatorNumber.integer(countText, in: 1...1_000_000) else {
                throw ScenarioError(location: location, problem: "'#\(PrintableText.of(countText))' is not an occurrence from 1 to 1000000")
            }
            occurrence = count
            base = String(base[..<hash])
            guard let code = CommandCode(base), CommandCode.commands.contains(code) else {
                throw ScenarioError(location: location, problem: "'#N' follows a command code; '\(PrintableText.of(base))' is not one")
            }
        }
        let trigger = try ScenarioParser.trigger(key: "on", text: base, location: location)
        if case .command(let code, _) = trigger { return (.command(code, occurrence: occurrence), delay) }
        return (trigger, delay)
    }
}
