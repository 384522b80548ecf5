import Foundation
import PumpProtocol

/// Reads a scenario file: a list of rules in a strict subset of YAML (docs/simulator.md, "Scenarios").
///
/// ```
/// # Air in line 30 s into the infusion.
/// - on: running
///   after: 30s
///   do: fault air on
/// ```
///
/// Every item starts with `- key: value`; its other keys follow on lines indented by exactly two spaces. Comments
/// start with `#`. Unknown or repeated keys, a missing or doubled trigger, bad values and addresses that no pump
/// has are refused with the file's line number: a scenario that does not say exactly what it means never runs.
public enum ScenarioParser {
    /// The keys an item may have.
    public static let keys = ["at", "wall", "on", "vi", "count", "after", "address", "do"]
    /// The keys that name a trigger; an item has exactly one.
    static let triggerKeys = ["at", "wall", "on", "vi"]
    /// A scenario file larger than this is refused (it is not a test scenario).
    public static let maximumFileBytes = 1 << 20

    /// Parses `text`, the content of the file `name`, for a line whose pumps have `addresses`.
    public static func parse(_ text: String, name: String, addresses: Set<PumpAddress>) throws(ScenarioError)
        -> [ScenarioRule]
    {
        var items: [Item] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let location = "\(name) line \(lineNumber)"
            var line = Substring(rawLine)
            if line.last == "\r" { line.removeLast() }
            if let hash = commentStart(line) { line = line[..<hash] }
            while line.last == " " { line.removeLast() }
            if line.allSatisfy({ $0 == " " }) { continue }
            if line.contains("\t") { throw ScenarioError(location: location, problem: "tab character; indent with spaces") }
            let body: Substring
            if line.hasPrefix("- ") {
                items.append(Item(firstLine: lineNumber))
                body = line.dropFirst(2)
            } else if line.hasPrefix("  "), !line.dropFirst(2).hasPrefix(" ") {
                guard !items.isEmpty else {
                    throw ScenarioError(location: location, problem: "indented line before the first '- ' item")
                }
                body = line.dropFirst(2)
            } else {
                throw ScenarioError(
                    location: location,
                    problem: "expected '- key: value' to start a rule or '  key: value' (2 spaces) to continue it")
            }
            guard let colon = body.firstIndex(of: ":") else {
                throw ScenarioError(location: location, problem: "expected 'key: value'")
            }
            let key = String(body[..<colon])
            let value = body[body.index(after: colon)...].drop(while: { $0 == " " })
            guard keys.contains(key) else {
                throw ScenarioError(
                    location: location,
                    problem: "unknown key '\(PrintableText.of(key))'; accepted: \(keys.joined(separator: ", "))")
            }
            guard !value.isEmpty else { throw ScenarioError(location: location, problem: "'\(key)' has no value") }
            guard body[body.index(after: colon)...].first == " " else {
                throw ScenarioError(location: location, problem: "expected a space after '\(key):'")
            }
            let lastIndex = items.count - 1
            guard items[lastIndex].values[key] == nil else {
                throw ScenarioError(location: location, problem: "'\(key)' appears twice in this rule")
            }
            items[lastIndex].values[key] = (String(value), lineNumber)
        }
        guard !items.isEmpty else {
            throw ScenarioError(location: name, problem: "no rules (a rule starts with '- at:', '- wall:', '- on:' or '- vi:')")
        }
        var rules: [ScenarioRule] = []
        for item in items {
            rules.append(try item.rule(name: name, addresses: addresses))
        }
        return rules
    }

    /// Where a comment starts: a `#` at the start of the line's text or after a space.
    private static func commentStart(_ line: Substring) -> Substring.Index? {
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#", previous == " " { return index }
            previous = line[index]
        }
        return nil
    }

    /// One `- ...` item while it is being read: each key's value and line.
    private struct Item {
        let firstLine: Int
        var values: [String: (text: String, line: Int)] = [:]

        func rule(name: String, addresses: Set<PumpAddress>) throws(ScenarioError) -> ScenarioRule {
            let present = ScenarioParser.triggerKeys.filter { values[$0] != nil }
            guard present.count == 1, let triggerKey = present.first, let (triggerText, triggerLine) = values[triggerKey]
            else {
                throw ScenarioError(
                    location: "\(name) line \(firstLine)",
                    problem: present.isEmpty
                        ? "the rule has no trigger; give one of at, wall, on, vi"
                        : "the rule has several triggers (\(present.joined(separator: ", "))); give exactly one")
            }
            let location = "\(name) line \(triggerLine)"
            let trigger = try ScenarioParser.trigger(key: triggerKey, text: triggerText, location: location)
            var occurrence = 1
            if let (countText, countLine) = values["count"] {
                guard case .command = trigger else {
                    throw ScenarioError(location: "\(name) line \(countLine)", problem: "'count' applies only to 'on: CODE'")
                }
                guard let value = SimulatorNumber.integer(countText, in: 1...1_000_000) else {
                    throw ScenarioError(
                        location: "\(name) line \(countLine)", problem: "count '\(countText)' is not a whole number from 1 to 1000000")
                }
                occurrence = value
            }
            var delay = Duration.zero
            if let (afterText, afterLine) = values["after"] {
                guard trigger.watchesPump else {
                    throw ScenarioError(
                        location: "\(name) line \(afterLine)",
                        problem: "'after' applies to 'on' and 'vi' triggers; write the total time in 'at' or 'wall'")
                }
                delay = try ScenarioParser.duration(afterText, key: "after", location: "\(name) line \(afterLine)")
            }
            var address: PumpAddress?
            if let (addressText, addressLine) = values["address"] {
                address = try ScenarioParser.address(
                    addressText, addresses: addresses, location: "\(name) line \(addressLine)")
            }
            guard let (commandText, commandLine) = values["do"] else {
                throw ScenarioError(location: "\(name) line \(firstLine)", problem: "the rule has no 'do:' action")
            }
            let command = try ScenarioParser.command(
                commandText, addresses: addresses, location: "\(name) line \(commandLine)")
            let finalTrigger: ScenarioTrigger
            if case .command(let code, _) = trigger { finalTrigger = .command(code, occurrence: occurrence) } else {
                finalTrigger = trigger
            }
            return ScenarioRule(
                origin: "\(name):\(firstLine)", trigger: finalTrigger, delay: delay, address: address, command: command)
        }
    }

    static func trigger(key: String, text: String, location: String) throws(ScenarioError) -> ScenarioTrigger {
        switch key {
        case "at": return .simulatedTime(try duration(text, key: key, location: location))
        case "wall": return .wallTime(try duration(text, key: key, location: location))
        case "vi":
            guard let volume = SimulatorNumber.decimal(text, maximumFractionDigits: 3), volume > 0,
                volume <= PumpLimits.volumeInfusedMl.upperBound
            else {
                throw ScenarioError(
                    location: location, problem: "vi '\(PrintableText.of(text))' is not a volume in mL from 0.001 to 9999 (at most 3 decimals)")
            }
            return .volumeInfused(volume)
        default:
            if let state = PumpState(rawValue: text) { return .stateEntered(state) }
            if let code = CommandCode(text), CommandCode.commands.contains(code) { return .command(code, occurrence: 1) }
            throw ScenarioError(
                location: location,
                problem: "on '\(PrintableText.of(text))' is neither a state ("
                    + PumpState.allCases.map(\.rawValue).joined(separator: ", ") + ") nor a command code ("
                    + CommandCode.commands.map(\.rawValue).joined(separator: ", ") + ")")
        }
    }

    static func duration(_ text: String, key: String, location: String) throws(ScenarioError) -> Duration {
        guard let duration = SimulatorNumber.duration(text) else {
            throw ScenarioError(
                location: location,
                problem: "\(key) '\(PrintableText.of(text))' is not a duration: \(SimulatorNumber.durationRule)")
        }
        return duration
    }

    static func address(_ text: String, addresses: Set<PumpAddress>, location: String) throws(ScenarioError)
        -> PumpAddress
    {
        guard let value = SimulatorNumber.integer(text, in: PumpAddress.range), let address = PumpAddress(value) else {
            throw ScenarioError(location: location, problem: "address '\(PrintableText.of(text))' is not a pump address from 0 to 99")
        }
        try checkConfigured(address, addresses: addresses, location: location)
        return address
    }

    static func command(_ text: String, addresses: Set<PumpAddress>, location: String) throws(ScenarioError)
        -> ControlCommand
    {
        let command: ControlCommand
        do {
            command = try ControlCommand(parsing: text)
        } catch {
            throw ScenarioError(location: location, problem: error.message)
        }
        if let address = command.address { try checkConfigured(address, addresses: addresses, location: location) }
        return command
    }

    static func checkConfigured(_ address: PumpAddress, addresses: Set<PumpAddress>, location: String)
        throws(ScenarioError)
    {
        guard addresses.contains(address) else {
            throw ScenarioError(
                location: location,
                problem: "no pump at address \(address.value) (pumps: "
                    + addresses.sorted().map { String($0.value) }.joined(separator: ", ") + ")")
        }
    }
}
