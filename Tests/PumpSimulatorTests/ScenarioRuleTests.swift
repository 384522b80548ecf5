import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// Scenario rules on a running line: each trigger kind, delays, addresses, firing once, and actions that act on
/// the reply of the request that triggered them.
@Suite("scenario rules")
struct ScenarioRuleTests {
    static let addresses: Set<PumpAddress> = [PumpAddress(1)!, PumpAddress(2)!]

    static func rules(_ text: String) throws -> [ScenarioRule] {
        try ScenarioParser.parse(text, name: "test.scenario", addresses: addresses)
    }

    @Test func simulatedTimeTrigger() throws {
        var line = try LineHarness(rules: try Self.rules("- at: 90s\n  do: fault door on\n"))
        _ = line.advance(simulated: .seconds(89), wall: .seconds(1))
        #expect(line.pump(1)?.status.alarms.isEmpty == true)
        _ = line.advance(simulated: .seconds(1))
        #expect(line.pump(1)?.status.alarms == [.doorOpen])
        #expect(line.reports.last == "fired test.scenario:1 fault door on")
        _ = line.control("fault door off")
        _ = line.advance(simulated: .seconds(100))
        #expect(line.pump(1)?.status.alarms == [.doorOpen])  // latched until ALAK; the rule did not fire again
        #expect(line.reports.filter { $0.hasPrefix("fired") }.count == 1)
    }

    @Test func wallTimeTrigger() throws {
        var line = try LineHarness(rules: try Self.rules("- wall: 2s\n  do: battery 15\n"))
        _ = line.advance(simulated: .seconds(3600), wall: .milliseconds(1900))
        #expect(line.pump(1)?.status.batteryPercent == 99)  // an hour idle: 1 %
        _ = line.advance(wall: .milliseconds(100))
        #expect(line.pump(1)?.status.batteryPercent == 15)
    }

    @Test func stateTriggerWithDelay() throws {
        var line = try LineHarness(rules: try Self.rules("- on: running\n  after: 30s\n  do: fault air on\n"))
        try line.start(try program(rate: "360", vtbi: "100"))
        _ = line.advance(simulated: .seconds(29))
        #expect(line.pump(1)?.state == .running)
        _ = line.advance(simulated: .seconds(1))
        #expect(line.pump(1)?.state == .alarm)
        #expect(line.pump(1)?.status.volumeInfusedMl == 3)  // 360 mL/h × 30 s
        #expect(line.reports.last == "fired test.scenario:1 fault air on 1")
    }

    @Test func volumeTrigger() throws {
        var line = try LineHarness(rules: try Self.rules("- vi: 50\n  do: fault occdn on\n"))
        try line.start(try program(rate: "360", vtbi: "100"))
        _ = line.advance(simulated: .seconds(499))
        #expect(line.pump(1)?.state == .running)
        _ = line.advance(simulated: .seconds(1))  // 360 mL/h × 500 s = 50 mL
        #expect(line.pump(1)?.state == .alarm)
        #expect(line.pump(1)?.status.volumeInfusedMl == 50)
    }

    @Test func commandTriggerActsOnThatRequestsReply() throws {
        var line = try LineHarness(rules: try Self.rules("- on: STRT\n  do: drop 1\n"))
        #expect(try line.send(.setProgram(try program(rate: "100", vtbi: "50"))) == .ack(.none))
        guard case .ack(.program(let readback)) = try line.send(.readProgram) else { throw HarnessError.unexpectedReply }
        let start = try line.request(.start(readback.token))
        #expect(line.receive(start.encoded()).transmissions.isEmpty)  // executed, reply dropped
        #expect(line.pump(1)?.state == .running)
        #expect(line.frames(line.receive(start.encoded())).count == 1)  // 2nd occurrence: cached reply, not dropped
    }

    @Test func rebootBeforeTheReplyLosesIt() throws {
        var line = try LineHarness(rules: try Self.rules("- on: STRT\n  do: reboot\n"))
        #expect(try line.send(.setProgram(try program(rate: "100", vtbi: "50"))) == .ack(.none))
        guard case .ack(.program(let readback)) = try line.send(.readProgram) else { throw HarnessError.unexpectedReply }
        let start = try line.request(.start(readback.token))
        let output = line.receive(start.encoded())
        #expect(line.frames(output).isEmpty)
        #expect(line.pump(1)?.state == .idle)
        #expect(output.reports.map(\.description).contains { $0.hasPrefix("rebooted 1 boot=") })
    }

    @Test func nthOccurrenceAndAddress() throws {
        var line = try LineHarness(
            addresses: [1, 2], rules: try Self.rules("- on: STAT\n  count: 2\n  address: 2\n  do: fault door on\n"))
        _ = line.receive(try line.request(.getStatus, to: 1).encoded())
        _ = line.receive(try line.request(.getStatus, to: 1).encoded())
        _ = line.receive(try line.request(.getStatus, to: 2).encoded())
        #expect(line.pump(2)?.status.alarms.isEmpty == true)
        _ = line.receive(try line.request(.getStatus, to: 2).encoded())
        #expect(line.pump(2)?.status.alarms == [.doorOpen])
        #expect(line.pump(1)?.status.alarms.isEmpty == true)
    }

    @Test func faultFlagRule() throws {
        let rule = try FaultFlag.parse("air@running+30s", addresses: Self.addresses)
        #expect(rule.trigger == .stateEntered(.running))
        #expect(rule.delay == .seconds(30))
        #expect(rule.command == .fault(.airInLine, present: true, address: nil))
        var line = try LineHarness(rules: [rule])
        try line.start(try program(rate: "360", vtbi: "100"))
        _ = line.advance(simulated: .seconds(30))
        #expect(line.pump(1)?.status.alarms == [.airInLine])
        #expect(line.reports.last == "fired --fault air@running+30s fault air on 1")
    }
}
