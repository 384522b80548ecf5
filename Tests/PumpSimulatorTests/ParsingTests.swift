import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// The text the simulator reads: control lines, scenario files, `--fault` flags, numbers and durations. Every
/// refusal names what is wrong; every acceptance is exact.
@Suite("control, scenario and flag grammar")
struct ParsingTests {
    static let addresses: Set<PumpAddress> = [PumpAddress(1)!]

    @Test("control lines accepted, echoed canonically", arguments: [
        ("fault door on 1", "fault door on 1"), ("fault  occdn\toff", "fault occdn off"), ("battery 4 01", "battery 4 1"),
        ("reboot", "reboot"), ("status 1", "status 1"), ("silence 5", "silence 5"), ("silence 0.25", "silence 0.25"),
        ("drop 3", "drop 3"), ("drop 12.5%", "drop 12.5%"), ("corrupt 2", "corrupt 2"), ("duplicate 1", "duplicate 1"),
        ("slow 800 2", "slow 800 2"), ("slow 800", "slow 800"), ("garbage 64", "garbage 64"), ("unplug 3", "unplug 3"),
    ])
    func controlAccepted(text: String, canonical: String) throws {
        #expect(try ControlCommand(parsing: text).description == canonical)
    }

    @Test("control lines refused with the reason", arguments: [
        ("", "empty command"),
        ("fault door", "fault: missing on or off"),
        ("fault window on", "fault 'window' is not one of occdn, occup, air, door, malfunction"),
        ("fault door open", "fault door: 'open' is not on or off"),
        ("fault door on 100", "fault: '100' is not a pump address from 0 to 99"),
        ("battery 101", "battery: '101' is not a charge in percent from 0 to 100"),
        ("battery 1e2", "battery: '1e2' is not a charge in percent from 0 to 100"),
        ("silence -1", "silence: '-1' is not a time in seconds from 0.001 to 86400 (at most 3 decimals)"),
        ("silence 0.0001", "silence: '0.0001' is not a time in seconds from 0.001 to 86400 (at most 3 decimals)"),
        ("drop 101%", "drop: '101%' is not a probability from 0% to 100%"),
        ("garbage 5000", "garbage: '5000' is not a number of bytes from 1 to 4096"),
        ("reboot 1 now", "reboot: unexpected 'now' at the end"),
        ("status x", "status: 'x' is not a pump address from 0 to 99"),
    ])
    func controlRefused(text: String, message: String) {
        #expect(throws: ControlCommandError(message)) { try ControlCommand(parsing: text) }
    }

    @Test func unknownControlVerbListsTheAccepted() {
        #expect(throws: ControlCommandError(
            "unknown command 'launch'; accepted: fault, battery, reboot, status, silence, drop, corrupt, duplicate, slow, garbage, unplug"
        )) { try ControlCommand(parsing: "launch") }
    }

    @Test func scenarioFileWithEveryTrigger() throws {
        let text = """
            # A scenario with every trigger.
            - at: 90s
              do: fault air on   # trailing comment
            - wall: 1.5m
              do: silence 3

            - on: running
              after: 500ms
              address: 1
              do: drop 2
            - vi: 50.25
              do: reboot
            - on: STRT
              count: 2
              do: corrupt 1
            """
        let rules = try ScenarioParser.parse(text, name: "s.txt", addresses: Self.addresses)
        #expect(rules.map(\.trigger) == [
            .simulatedTime(.seconds(90)), .wallTime(.seconds(90)), .stateEntered(.running),
            .volumeInfused(decimal("50.25")), .command(.start, occurrence: 2),
        ])
        #expect(rules.map(\.origin) == ["s.txt:2", "s.txt:4", "s.txt:7", "s.txt:11", "s.txt:13"])
        #expect(rules[2].delay == .milliseconds(500))
        #expect(rules[2].address == PumpAddress(1))
        #expect(rules.map(\.command.description) == ["fault air on", "silence 3", "drop 2", "reboot", "corrupt 1"])
    }

    @Test("scenario errors name the file, the line and the problem", arguments: [
        ("- at: 90s\n  do: fault air on\n  colour: red\n", "s.txt line 3: unknown key 'colour'; accepted: at, wall, on, vi, count, after, address, do"),
        ("- at: 90s\n", "s.txt line 1: the rule has no 'do:' action"),
        ("- do: reboot\n", "s.txt line 1: the rule has no trigger; give one of at, wall, on, vi"),
        ("- at: 9s\n  on: idle\n  do: reboot\n", "s.txt line 1: the rule has several triggers (at, on); give exactly one"),
        ("- at: 90\n  do: reboot\n", "s.txt line 1: at '90' is not a duration: a number followed by ms, s, m or h (e.g. 500ms, 90s, 1.5m, 2h), at most 1000h"),
        ("- on: runing\n  do: reboot\n", "s.txt line 1: on 'runing' is neither a state (idle, programmed, running, paused, alarm, complete) nor a command code (IDEN, STAT, SETP, READ, STRT, PAUS, RESM, STOP, CLRV, ALAK, KEEP)"),
        ("- at: 1s\n  do: reboot\n  do: status\n", "s.txt line 3: 'do' appears twice in this rule"),
        ("- at: 1s\n  count: 2\n  do: reboot\n", "s.txt line 2: 'count' applies only to 'on: CODE'"),
        ("- at: 1s\n  after: 2s\n  do: reboot\n", "s.txt line 2: 'after' applies to 'on' and 'vi' triggers; write the total time in 'at' or 'wall'"),
        ("- at: 1s\n  address: 2\n  do: reboot\n", "s.txt line 2: no pump at address 2 (pumps: 1)"),
        ("- at: 1s\n  do: reboot 3\n", "s.txt line 2: no pump at address 3 (pumps: 1)"),
        ("- at: 1s\n  do: explode\n", "s.txt line 2: unknown command 'explode'; accepted: fault, battery, reboot, status, silence, drop, corrupt, duplicate, slow, garbage, unplug"),
        ("- vi: 0\n  do: reboot\n", "s.txt line 1: vi '0' is not a volume in mL from 0.001 to 9999 (at most 3 decimals)"),
        ("  do: reboot\n", "s.txt line 1: indented line before the first '- ' item"),
        ("- at: 1s\n\tdo: reboot\n", "s.txt line 2: tab character; indent with spaces"),
        ("- at: 1s\n   do: reboot\n", "s.txt line 2: expected '- key: value' to start a rule or '  key: value' (2 spaces) to continue it"),
        ("- at:1s\n  do: reboot\n", "s.txt line 1: expected a space after 'at:'"),
        ("# nothing\n", "s.txt: no rules (a rule starts with '- at:', '- wall:', '- on:' or '- vi:')"),
    ])
    func scenarioRefused(text: String, message: String) {
        #expect(throws: ScenarioError.self) { try ScenarioParser.parse(text, name: "s.txt", addresses: Self.addresses) }
        do {
            _ = try ScenarioParser.parse(text, name: "s.txt", addresses: Self.addresses)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("--fault specs", arguments: [
        ("door@90s", ScenarioTrigger.simulatedTime(.seconds(90)), Duration.zero, "fault door on"),
        ("door=off@wall=5s", .wallTime(.seconds(5)), .zero, "fault door off"),
        ("reboot@vi=50+10s", .volumeInfused(50), .seconds(10), "reboot"),
        ("drop@STRT", .command(.start, occurrence: 1), .zero, "drop 1"),
        ("corrupt=3@READ#2+1s", .command(.readProgram, occurrence: 2), .seconds(1), "corrupt 3"),
        ("battery=4@complete", .stateEntered(.complete), .zero, "battery 4"),
        ("slow=800,2@STAT", .command(.getStatus, occurrence: 1), .zero, "slow 800 2"),
        ("unplug=3@running+1m/1", .stateEntered(.running), .seconds(60), "unplug 3"),
    ])
    func faultFlags(spec: String, trigger: ScenarioTrigger, delay: Duration, command: String) throws {
        let rule = try FaultFlag.parse(spec, addresses: Self.addresses)
        #expect(rule.trigger == trigger)
        #expect(rule.delay == delay)
        #expect(rule.command.description == command)
        #expect(rule.origin == "--fault \(spec)")
    }

    @Test("--fault refusals name the flag", arguments: [
        "door", "@90s", "door@", "fly@90s", "door@soon", "door@90s/7", "door@STRT#0", "door=ajar@90s", "door@wall=5",
    ])
    func faultFlagRefused(spec: String) {
        do {
            _ = try FaultFlag.parse(spec, addresses: Self.addresses)
            Issue.record("'\(spec)' was accepted")
        } catch {
            #expect(error.location == "--fault '\(spec)'")
            #expect(!error.problem.isEmpty)
        }
    }

    @Test func strictNumbers() {
        #expect(SimulatorNumber.decimal("66.6", maximumFractionDigits: 1) == decimal("66.6"))
        #expect(SimulatorNumber.decimal("0.275", maximumFractionDigits: 3) == decimal("0.275"))
        for bad in ["", ".5", "5.", "-1", "+1", "1e3", "12abc", " 5", "1.2.3", "0x10", "66.65"] {
            #expect(SimulatorNumber.decimal(bad, maximumFractionDigits: 1) == nil, "\(bad)")
        }
        #expect(SimulatorNumber.integer("042", in: 0...99) == 42)
        #expect(SimulatorNumber.integer("100", in: 0...99) == nil)
        #expect(SimulatorNumber.integer("99999999999999999999", in: 0...Int.max) == nil)
    }

    @Test func durations() {
        #expect(SimulatorNumber.duration("500ms") == .milliseconds(500))
        #expect(SimulatorNumber.duration("90s") == .seconds(90))
        #expect(SimulatorNumber.duration("1.5m") == .seconds(90))
        #expect(SimulatorNumber.duration("2h") == .seconds(7200))
        #expect(SimulatorNumber.duration("0.5ms") == .microseconds(500))
        for bad in ["90", "s", "1.5", "-1s", "1e3s", "1001h", "5 s", "1d"] {
            #expect(SimulatorNumber.duration(bad) == nil, "\(bad)")
        }
    }

    @Test func clockFactor() throws {
        let sixty = try #require(ClockFactor(text: "60"))
        #expect(sixty.simulatedNanoseconds(forWall: 1_000_000_000) == 60_000_000_000)
        let oneAndHalf = try #require(ClockFactor(text: "1.5"))
        #expect(oneAndHalf.simulatedNanoseconds(forWall: 3) == 4)  // 4.5 rounded down
        #expect(oneAndHalf.simulatedNanoseconds(forWall: .max) == .max)  // saturates
        for bad in ["0", "0.05", "3601", "abc", "1e2", "-1", "60.0001"] {
            #expect(ClockFactor(text: bad) == nil, "\(bad)")
        }
    }

    @Test func lineSplitter() {
        var splitter = LineSplitter()
        #expect(splitter.feed(Array("status\r\nfau".utf8)) == [.line("status")])
        #expect(splitter.feed(Array("lt door on\n".utf8)) == [.line("fault door on")])
        #expect(splitter.feed([UInt8](repeating: 0x41, count: 600)) == [.tooLong])
        #expect(splitter.feed(Array("still the long line\nreboot\n".utf8)) == [.line("reboot")])
        #expect(splitter.feed(Array("unplug 1".utf8)) == [])
        #expect(splitter.finish() == [.line("unplug 1")])
    }

    @Test func wirePacerAt38400() {
        // 10 bits per byte at 38400 baud: 260 416 ns per byte (integer ns).
        var pacer = WirePacer(baudRate: 38400)
        #expect(pacer.byteNanoseconds == 260_416)
        #expect(pacer.allowance(waiting: 29, atWall: 0) == 1)
        pacer.sent(1, queueEmpty: false)
        #expect(pacer.allowance(waiting: 28, atWall: 1_000_000) == 3)  // bytes due at 0.26, 0.52, 0.78 ms
        pacer.sent(3, queueEmpty: false)
        #expect(pacer.nextByteWall == Int64(4 * 260_416))
        var unpaced = WirePacer(baudRate: nil)
        #expect(unpaced.allowance(waiting: 512, atWall: 0) == 512)
    }

    @Test func traceText() {
        #expect(TraceText.render(Array("$01|0001|CMD|IDEN|000||B133\r\n".utf8)) == "$01|0001|CMD|IDEN|000||B133\\r\\n")
        #expect(TraceText.render([0x00, 0xFF, 0x5C, 0x41]) == "\\x00\\xFF\\\\A")
    }

    @Test func corruptionFlipsOneCoveredBit() throws {
        let bytes = wire("$01|0002|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|5FA5")
        let corrupted = LineFaults.corrupt(bytes)
        let differing = zip(bytes, corrupted).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(differing.count == 1)
        #expect(differing.first.map { $0.element.0 ^ $0.element.1 } == 1)
        #expect(throws: FrameDecodeError.self) { try Frame(decoding: corrupted) }
    }
}
