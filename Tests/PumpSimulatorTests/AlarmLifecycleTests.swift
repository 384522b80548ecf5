import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// docs/protocol.md §10.3 and §10.4: latching, acknowledgement in either order, advisory alarms, `complete`.
@Suite("§10.3 alarm lifecycle")
struct AlarmLifecycleTests {
    static func runningPump(battery: Int = 100) throws -> PumpHarness {
        var pump = try PumpHarness(battery: battery)
        try pump.start(try program(rate: "100", vtbi: "50"))
        return pump
    }

    @Test("every motor-stopping cause stops a running pump", arguments: AlarmCause.allCases)
    func causeStopsTheMotor(cause: AlarmCause) throws {
        var pump = try Self.runningPump()
        pump.advance(simulated: .seconds(36))  // 100 mL/h × 36 s = 1 mL
        pump.notices += pump.pump.setCause(cause, present: true, at: pump.instant)
        #expect(pump.state == .alarm)
        #expect(pump.status.rateMlPerHour == 0)
        pump.advance(simulated: .seconds(3600))
        #expect(pump.status.volumeInfusedMl == 1)  // nothing delivered while stopped
        #expect(pump.status.alarms.contains(cause.alarm))
    }

    @Test func acknowledgedBeforeTheCauseClears() throws {
        var pump = try Self.runningPump()
        pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
        let acknowledged = try pump.sendForStatus(.acknowledgeAlarm)
        #expect(acknowledged.state == .alarm)  // cause still present: stays raised
        #expect(acknowledged.alarms == [.doorOpen])
        #expect(try pump.nak(.resume) == .wrongState(.alarm))
        pump.notices += pump.pump.setCause(.doorOpen, present: false, at: pump.instant)
        #expect(pump.state == .paused)  // acknowledged and cleared: gone, state paused
        #expect(pump.status.alarms.isEmpty)
        #expect(try pump.sendForStatus(.resume).state == .running)
    }

    @Test func causeClearsBeforeTheAcknowledgement() throws {
        var pump = try Self.runningPump()
        pump.notices += pump.pump.setCause(.occlusionDownstream, present: true, at: pump.instant)
        pump.notices += pump.pump.setCause(.occlusionDownstream, present: false, at: pump.instant)
        #expect(pump.state == .alarm)  // latched until acknowledged
        #expect(pump.status.alarms == [.occlusionDownstream])
        let acknowledged = try pump.sendForStatus(.acknowledgeAlarm)
        #expect(acknowledged.state == .paused)
        #expect(acknowledged.alarms.isEmpty)
    }

    @Test func theStateStaysAlarmUntilTheLastMotorStoppingAlarmIsGone() throws {
        var pump = try Self.runningPump()
        pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
        pump.notices += pump.pump.setCause(.airInLine, present: true, at: pump.instant)
        pump.notices += pump.pump.setCause(.doorOpen, present: false, at: pump.instant)
        #expect(try pump.sendForStatus(.acknowledgeAlarm).alarms == [.airInLine])
        #expect(pump.state == .alarm)
        pump.notices += pump.pump.setCause(.airInLine, present: false, at: pump.instant)  // acknowledged earlier
        #expect(pump.state == .paused)
    }

    @Test func resumeIsRefusedWhileAnAlarmIsRaisedInPaused() throws {
        var pump = try Self.runningPump()
        _ = try pump.send(.pause)
        pump.notices += pump.pump.setCause(.airInLine, present: true, at: pump.instant)
        #expect(pump.state == .paused)
        #expect(try pump.nak(.resume) == .alarmActive([.airInLine]))
    }

    @Test func batteryLowIsAdvisoryAndDepletedStopsTheMotor() throws {
        // 21 %, running: 1 % per 6 simulated minutes. After 6 minutes 20 % → battlow (advisory: still running).
        var pump = try Self.runningPump(battery: 21)
        pump.advance(simulated: .seconds(360))
        #expect(pump.status.batteryPercent == 20)
        #expect(pump.state == .running)
        #expect(pump.status.alarms == [.lowBattery])
        // Down to 5 %: battdead, motor-stopping.
        pump.notices += pump.pump.setBattery(percent: 5, at: pump.instant)
        #expect(pump.state == .alarm)
        #expect(pump.status.alarms == [.lowBattery, .batteryDepleted])
        // Mains power: above both thresholds; battlow goes by itself, battdead needs the acknowledgement.
        pump.notices += pump.pump.setBattery(percent: 60, at: pump.instant)
        #expect(pump.status.alarms == [.batteryDepleted])
        #expect(try pump.sendForStatus(.acknowledgeAlarm).state == .paused)
    }

    @Test func nearEndIsRaisedWithinFiveMinutesOfTheEndAndGoesOnCompletion() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "66.6", vtbi: "100"))
        // At 5100 s: vi = 66.6 × 5100 / 3600 = 94.35 mL, rem = ⌈5.65 × 3600 / 66.6⌉ = ⌈305.4⌉ = 306 s > 300.
        pump.advance(simulated: .seconds(5100))
        #expect(pump.status.volumeInfusedMl == decimal("94.35"))
        #expect(pump.status.timeRemainingSeconds == 306)
        #expect(!pump.status.alarms.contains(.nearEnd))
        // At 5110 s: vi = 94.535 mL, rem = ⌈5.465 × 3600 / 66.6⌉ = ⌈295.4⌉ = 296 s ≤ 300: nearend.
        pump.advance(simulated: .seconds(10))
        #expect(pump.status.volumeInfusedMl == decimal("94.535"))
        #expect(pump.status.timeRemainingSeconds == 296)
        #expect(pump.status.alarms == [.nearEnd])
        // Still raised while paused (a started, not completed program).
        _ = try pump.send(.pause)
        #expect(pump.status.alarms == [.nearEnd])
        _ = try pump.send(.resume)
        pump.advance(simulated: .seconds(300))
        #expect(pump.state == .complete)
        #expect(pump.status.alarms == [.infusionComplete])
    }

    @Test func completeSurvivesAcknowledgementAndGoesWithStop() throws {
        var pump = try Self.runningPump()
        pump.advance(simulated: .seconds(1800))  // 50 mL at 100 mL/h
        #expect(pump.state == .complete)
        #expect(try pump.sendForStatus(.acknowledgeAlarm).alarms == [.infusionComplete])
        #expect(try pump.sendForStatus(.stop).alarms.isEmpty)
    }

    @Test func stopKeepsOtherRaisedAlarms() throws {
        var pump = try Self.runningPump()
        pump.notices += pump.pump.setCause(.malfunction, present: true, at: pump.instant)
        let stopped = try pump.sendForStatus(.stop)
        #expect(stopped.state == .idle)
        #expect(stopped.alarms == [.malfunction])
    }

    @Test func eventsReportEachRaiseWithTheStatusAfterIt() throws {
        var pump = try Self.runningPump()
        pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
        pump.notices += pump.pump.setCause(.airInLine, present: true, at: pump.instant)
        let events = try pump.events.map { try PumpEvent(frame: $0) }
        #expect(events.map(\.alarm) == [.doorOpen, .airInLine])
        #expect(events.map(\.status.state) == [.alarm, .alarm])
        #expect(events.map(\.status.alarms) == [[.doorOpen], [.doorOpen, .airInLine]])
        #expect(pump.events.map(\.sequence.value) == [0, 1])
        #expect(pump.events.allSatisfy { $0.kind == .event && $0.code == .alarmEvent && $0.address == pumpOne })
    }

    @Test func noEventsOnABus() throws {
        var pump = try PumpHarness(events: false)
        try pump.start(try program(rate: "100", vtbi: "50"))
        pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
        #expect(pump.events.isEmpty)
        #expect(pump.status.alarms == [.doorOpen])
    }
}
