import Foundation
import PumpProtocol

extension SimulatedLine {
    /// Parses and executes one control-channel line at `instant`: its effects are reported, then `ok <command>`;
    /// a line that is not a command gives one `error` line and changes nothing. Blank lines and `#` comments are
    /// ignored.
    public mutating func performControlLine(_ text: String, at instant: SimulationInstant) -> LineOutput {
        step(to: instant)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return takeOutput() }
        do {
            let command = try ControlCommand(parsing: trimmed)
            if let failure = execute(command) {
                output.reports.append(.error(failure))
            } else {
                output.reports.append(.ok(command))
            }
        } catch {
            output.reports.append(.error(error.message))
        }
        releaseDueTransmissions()
        return takeOutput()
    }

    /// Executes a parsed control command at `instant` (effects, then `ok`, or one `error` line).
    public mutating func perform(_ command: ControlCommand, at instant: SimulationInstant) -> LineOutput {
        step(to: instant)
        if let failure = execute(command) {
            output.reports.append(.error(failure))
        } else {
            output.reports.append(.ok(command))
        }
        releaseDueTransmissions()
        return takeOutput()
    }

    /// Runs the actions of activated scenario rules, each followed by its `fired` line.
    mutating func runRules(_ activations: [RuleBook.Activation]) {
        for activation in activations {
            let command = activation.command
            if let failure = execute(command) {
                output.reports.append(.error("\(activation.rule.origin): \(failure)"))
            } else {
                output.reports.append(.fired(origin: activation.rule.origin, command: command))
            }
        }
    }

    /// Executes `command` now; returns an error message instead when it names a pump that is not on the line.
    private mutating func execute(_ command: ControlCommand) -> String? {
        let targets: [Int]
        if let address = command.address {
            guard let index = pumps.firstIndex(where: { $0.address == address }) else {
                return "no pump at address \(address.value) (pumps: "
                    + pumps.map { String($0.address.value) }.joined(separator: ", ") + ")"
            }
            targets = [index]
        } else {
            targets = Array(pumps.indices)
        }
        switch command {
        case .fault(let cause, let present, _):
            for index in targets { handle(pumps[index].setCause(cause, present: present, at: now), from: index) }
        case .battery(let percent, _):
            for index in targets { handle(pumps[index].setBattery(percent: percent, at: now), from: index) }
        case .reboot:
            for index in targets { handle(pumps[index].reboot(at: now), from: index) }
        case .status:
            for index in targets { output.reports.append(.status(pumps[index].address, pumps[index].status)) }
        case .silence(let duration):
            faults.silentUntilWall = SimulationInstant.saturatingAdd(now.wallNanoseconds, duration.nanosecondsClamped)
            if let abandoned = decoder.abandonPartialFrame() { output.traces.append("rx-error \(abandoned) (silence)") }
        case .drop(.next(let count)):
            faults.dropCount = count
            faults.dropPerHundredThousand = 0
        case .drop(.probabilityPercent(let percent)):
            faults.dropCount = 0
            faults.dropPerHundredThousand = Int64(truncating: NSDecimalNumber(decimal: percent * 1000))
        case .corrupt(let count):
            faults.corruptCount = count
        case .duplicate(let count):
            faults.duplicateCount = count
        case .slow(let milliseconds, let count):
            faults.slowMilliseconds = milliseconds
            faults.slowCount = milliseconds == 0 ? nil : count
        case .garbage(let count):
            var bytes = [UInt8](repeating: 0, count: count)
            for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
            schedule(bytes, source: nil, delay: 0, trace: "tx-garbage")
        case .unplug(let duration):
            for item in scheduled {
                output.traces.append("tx-lost (unplugged) \(TraceText.render(item.bytes))")
            }
            scheduled.removeAll()
            output.unplugFor = max(output.unplugFor ?? .zero, duration)
        }
        return nil
    }
}
