import Foundation
import PumpProtocol

/// One command of the control channel (stdin), of a scenario rule's `do:`, or of a `--fault` flag: the faults a
/// test can inject and the questions it can ask (grammar in docs/simulator.md).
///
/// Pump commands take an optional trailing address; without it they apply to every pump on the line. Line commands
/// (the cable, the transmitter) apply to the whole line.
public enum ControlCommand: Sendable, Hashable, CustomStringConvertible {
    /// `fault CAUSE on|off [ADDR]`: an alarm cause appears or clears.
    case fault(AlarmCause, present: Bool, address: PumpAddress?)
    /// `battery PCT [ADDR]`: set the charge; `battlow` (≤ 20 %) and `battdead` (≤ 5 %) follow.
    case battery(percent: Int, address: PumpAddress?)
    /// `reboot [ADDR]`: power cycle (§10.6).
    case reboot(address: PumpAddress?)
    /// `status [ADDR]`: print a `status` line per pump.
    case status(address: PumpAddress?)
    /// `silence SECONDS`: the pumps hear and say nothing for this wall time.
    case silence(Duration)
    /// `drop N` / `drop P%`: replies executed but not transmitted.
    case drop(DropRule)
    /// `corrupt N`: flip one bit in each of the next N replies.
    case corrupt(Int)
    /// `duplicate N`: transmit each of the next N replies twice.
    case duplicate(Int)
    /// `slow MS [N]`: delay the next N replies (every reply when N is absent) by MS milliseconds; `slow 0` ends it.
    case slow(milliseconds: Int, count: Int?)
    /// `garbage N`: transmit N random bytes now, between frames.
    case garbage(Int)
    /// `unplug SECONDS`: the cable is pulled for this wall time, then plugged in again.
    case unplug(Duration)

    /// Limits of the arguments, for parsing and for the grammar in error messages.
    public enum Limits {
        /// Counts of replies for drop, corrupt, duplicate and slow.
        public static let replyCount = 0...1_000_000
        /// Garbage burst size in bytes.
        public static let garbageBytes = 1...4096
        /// Reply delay in milliseconds.
        public static let slowMilliseconds = 0...600_000
        /// Silence and unplug, in seconds.
        public static let outageSeconds: ClosedRange<Decimal> = Decimal(sign: .plus, exponent: -3, significand: 1)...86_400
    }

    /// The grammar, one command per line, for error messages and `help`.
    public static let grammar = [
        "fault occdn|occup|air|door|malfunction on|off [ADDR]", "battery PCT [ADDR]", "reboot [ADDR]",
        "status [ADDR]", "silence SECONDS", "drop N | drop P%", "corrupt N", "duplicate N", "slow MS [N]",
        "garbage N", "unplug SECONDS",
    ]

    /// The pump address the command names, if it is a pump command with an address.
    public var address: PumpAddress? {
        switch self {
        case .fault(_, _, let address), .battery(_, let address), .reboot(let address), .status(let address):
            return address
        case .silence, .drop, .corrupt, .duplicate, .slow, .garbage, .unplug:
            return nil
        }
    }

    /// The same command aimed at `address` when it is a pump command without one (scenario rules aim their
    /// action at the pump that triggered them).
    public func defaultingAddress(to address: PumpAddress?) -> ControlCommand {
        guard self.address == nil, let address else { return self }
        switch self {
        case .fault(let cause, let present, _): return .fault(cause, present: present, address: address)
        case .battery(let percent, _): return .battery(percent: percent, address: address)
        case .reboot: return .reboot(address: address)
        case .status: return .status(address: address)
        case .silence, .drop, .corrupt, .duplicate, .slow, .garbage, .unplug: return self
        }
    }

    /// The canonical text, as echoed in `ok` lines: `fault door on 1`, `slow 800 2`, `silence 2.5`.
    public var description: String {
        func withAddress(_ text: String, _ address: PumpAddress?) -> String {
            address.map { "\(text) \($0.value)" } ?? text
        }
        switch self {
        case .fault(let cause, let present, let address):
            return withAddress("fault \(cause.rawValue) \(present ? "on" : "off")", address)
        case .battery(let percent, let address): return withAddress("battery \(percent)", address)
        case .reboot(let address): return withAddress("reboot", address)
        case .status(let address): return withAddress("status", address)
        case .silence(let duration): return "silence \(SimulatorNumber.secondsText(duration))"
        case .drop(let rule): return "drop \(rule)"
        case .corrupt(let count): return "corrupt \(count)"
        case .duplicate(let count): return "duplicate \(count)"
        case .slow(let milliseconds, let count): return "slow \(milliseconds)" + (count.map { " \($0)" } ?? "")
        case .garbage(let count): return "garbage \(count)"
        case .unplug(let duration): return "unplug \(SimulatorNumber.secondsText(duration))"
        }
    }

    /// Parses one control line: words separated by spaces or tabs. Throws a message naming what is wrong.
    public init(parsing line: String) throws(ControlCommandError) {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let verb = words.first else { throw ControlCommandError("empty command") }
        var reader = ArgumentReader(verb: verb, words: Array(words.dropFirst()))
        switch verb {
        case "fault":
            let name = try reader.word("a fault (\(AlarmCause.acceptedNames))")
            guard let cause = AlarmCause(rawValue: name) else {
                throw ControlCommandError("fault '\(name)' is not one of \(AlarmCause.acceptedNames)")
            }
            let onOff = try reader.word("on or off")
            guard onOff == "on" || onOff == "off" else {
                throw ControlCommandError("fault \(name): '\(onOff)' is not on or off")
            }
            self = .fault(cause, present: onOff == "on", address: try reader.optionalAddress())
        case "battery":
            let percent = try reader.integer("a charge in percent", in: PumpLimits.batteryPercent)
            self = .battery(percent: percent, address: try reader.optionalAddress())
        case "reboot":
            self = .reboot(address: try reader.optionalAddress())
        case "status":
            self = .status(address: try reader.optionalAddress())
        case "silence":
            self = .silence(try reader.seconds())
        case "unplug":
            self = .unplug(try reader.seconds())
        case "drop":
            let text = try reader.word("a count N or a probability P%")
            if text.hasSuffix("%") {
                guard let percent = SimulatorNumber.decimal(text.dropLast(), maximumFractionDigits: 3),
                    percent <= 100
                else { throw ControlCommandError("drop: '\(text)' is not a probability from 0% to 100%") }
                self = .drop(.probabilityPercent(percent))
            } else {
                guard let count = SimulatorNumber.integer(text, in: Limits.replyCount) else {
                    throw ControlCommandError(
                        "drop: '\(text)' is not a count from 0 to \(Limits.replyCount.upperBound) or a probability P%")
                }
                self = .drop(.next(count))
            }
        case "corrupt":
            self = .corrupt(try reader.integer("a count of replies", in: Limits.replyCount))
        case "duplicate":
            self = .duplicate(try reader.integer("a count of replies", in: Limits.replyCount))
        case "slow":
            let milliseconds = try reader.integer("a delay in milliseconds", in: Limits.slowMilliseconds)
            let count = try reader.optionalInteger("a count of replies", in: Limits.replyCount)
            self = .slow(milliseconds: milliseconds, count: count)
        case "garbage":
            self = .garbage(try reader.integer("a number of bytes", in: Limits.garbageBytes))
        default:
            throw ControlCommandError(
                "unknown command '\(PrintableText.of(verb))'; accepted: "
                    + Self.grammar.map { $0.split(separator: " ").first.map(String.init) ?? $0 }.joined(separator: ", "))
        }
        try reader.finish()
    }
}

/// Reads the arguments of one control command in order, with errors that name the command and the argument.
private struct ArgumentReader {
    let verb: String
    var words: [String]

    mutating func word(_ what: String) throws(ControlCommandError) -> String {
        guard !words.isEmpty else { throw ControlCommandError("\(verb): missing \(what)") }
        return words.removeFirst()
    }

    mutating func integer(_ what: String, in range: ClosedRange<Int>) throws(ControlCommandError) -> Int {
        let text = try word(what)
        guard let value = SimulatorNumber.integer(text, in: range) else {
            throw ControlCommandError(
                "\(verb): '\(PrintableText.of(text))' is not \(what) from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    mutating func optionalInteger(_ what: String, in range: ClosedRange<Int>) throws(ControlCommandError) -> Int? {
        guard !words.isEmpty else { return nil }
        return try integer(what, in: range)
    }

    mutating func seconds() throws(ControlCommandError) -> Duration {
        let text = try word("a time in seconds")
        let range = ControlCommand.Limits.outageSeconds
        guard let value = SimulatorNumber.decimal(text, maximumFractionDigits: 3), range.contains(value),
            let nanoseconds = SimulatorNumber.nanoseconds(seconds: value)
        else {
            throw ControlCommandError(
                "\(verb): '\(PrintableText.of(text))' is not a time in seconds from "
                    + "\(SimulatorNumber.plain(range.lowerBound)) to \(SimulatorNumber.plain(range.upperBound)) "
                    + "(at most 3 decimals)")
        }
        return .nanoseconds(nanoseconds)
    }

    mutating func optionalAddress() throws(ControlCommandError) -> PumpAddress? {
        guard !words.isEmpty else { return nil }
        let text = words.removeFirst()
        guard let value = SimulatorNumber.integer(text, in: PumpAddress.range), let address = PumpAddress(value) else {
            throw ControlCommandError("\(verb): '\(PrintableText.of(text))' is not a pump address from 0 to 99")
        }
        return address
    }

    func finish() throws(ControlCommandError) {
        guard let extra = words.first else { return }
        throw ControlCommandError("\(verb): unexpected '\(PrintableText.of(extra))' at the end")
    }
}
