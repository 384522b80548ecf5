import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// docs/protocol.md §10.5: armed only in `running`, on the wall clock (never accelerated), fed by every CMD frame
/// with the pump's address and a correct CRC, expiring exactly at the period, recovered by ALAK then RESM.
@Suite("§10.5 communication watchdog")
struct WatchdogTests {
    static func runningPump(rate: String = "360", watchdogSeconds: Int = 30) throws -> PumpHarness {
        var pump = try PumpHarness()
        try pump.start(try program(rate: rate, vtbi: "100", wdog: watchdogSeconds))
        return pump
    }

    @Test func expiresExactlyAtThePeriodAndStopsTheMotorThere() throws {
        var pump = try Self.runningPump()
        pump.advance(realTime: .nanoseconds(29_999_999_999))
        #expect(pump.state == .running)
        // One step far past the deadline: the motor stopped at 30 s: 360 mL/h × 30 s = 3 mL, not 4.
        pump.advance(realTime: .seconds(10))
        #expect(pump.state == .alarm)
        #expect(pump.status.alarms == [.communicationLost])
        #expect(pump.status.volumeInfusedMl == 3)
        #expect(try pump.events.map { try PumpEvent(frame: $0).alarm } == [.communicationLost])
    }

    @Test func acceleratedInfusionTimeDoesNotAccelerateTheWatchdog() throws {
        var pump = try Self.runningPump(rate: "1")
        pump.advance(simulated: .seconds(29 * 60), wall: .seconds(29))  // speed 60
        #expect(pump.state == .running)
        pump.advance(simulated: .seconds(60), wall: .seconds(1))
        #expect(pump.state == .alarm)
    }

    @Test func everyFrameThatFeedsRestartsThePeriod() throws {
        var pump = try Self.runningPump()
        pump.advance(realTime: .seconds(20))
        _ = try pump.send(.keepAlive)
        pump.advance(realTime: .seconds(20))
        #expect(try pump.nak(.setProgram(try program(rate: "1", vtbi: "1"))) == .wrongState(.running))  // a NAK feeds too
        pump.advance(realTime: .seconds(20))
        #expect(pump.exchange("$01|0111|CMD|SETP|051|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|9973")
            == "$01|0111|NAK|SETP|016|reason=malformed|F164")  // NAK malformed feeds
        pump.advance(realTime: .nanoseconds(29_999_999_999))
        #expect(pump.state == .running)
        pump.advance(realTime: .nanoseconds(1))
        #expect(pump.state == .alarm)
    }

    @Test func aDamagedFrameDoesNotFeed() throws {
        var pump = try Self.runningPump()
        pump.advance(realTime: .seconds(20))
        #expect(pump.exchange("$01|0103|CMD|STAT|000||319A") == "$01|0103|NAK|STAT|010|reason=crc|9CAA")
        pump.advance(realTime: .seconds(10))
        #expect(pump.state == .alarm)
    }

    @Test func framesForAnotherPumpDoNotFeed() throws {
        var pump = try Self.runningPump()
        pump.advance(realTime: .seconds(20))
        #expect(pump.exchange("$42|9999|CMD|STAT|000||5C87") == nil)
        pump.advance(realTime: .seconds(10))
        #expect(pump.state == .alarm)
    }

    @Test func recoveryIsAcknowledgeThenResume() throws {
        var pump = try Self.runningPump()
        pump.advance(realTime: .seconds(30))
        #expect(pump.state == .alarm)
        // The ALAK frame's arrival clears the cause before ALAK runs: its reply already shows paused.
        let acknowledged = try pump.sendForStatus(.acknowledgeAlarm)
        #expect(acknowledged.state == .paused)
        #expect(acknowledged.alarms.isEmpty)
        #expect(try pump.nak(.start(ProgramToken(1))) == .wrongState(.paused))
        let resumed = try pump.sendForStatus(.resume)
        #expect(resumed.state == .running)
        #expect(resumed.volumeInfusedMl == 3)
        // Armed afresh by RESM.
        pump.advance(realTime: .nanoseconds(29_999_999_999))
        #expect(pump.state == .running)
        pump.advance(realTime: .nanoseconds(1))
        #expect(pump.state == .alarm)
    }

    @Test func disarmedOutsideRunning() throws {
        var pump = try Self.runningPump()
        _ = try pump.send(.pause)
        pump.advance(realTime: .seconds(3600))
        #expect(pump.state == .paused)
        #expect(pump.status.alarms.isEmpty)
        // Complete: KVO continues without a controller.
        _ = try pump.send(.resume)
        for _ in 0..<100 {
            pump.advance(realTime: .seconds(10))
            _ = try pump.send(.getStatus)
        }
        // 1000 s at 360 mL/h = 100 mL: complete; then nobody talks for an hour.
        #expect(pump.state == .complete)
        pump.advance(realTime: .seconds(3600))
        #expect(pump.state == .complete)
        #expect(pump.status.kvoVolumeMl == 1)
    }

    @Test func completionBeforeTheDeadlineDisarmsItWithinOneStep() throws {
        // 1 mL at 360 mL/h completes after 10 s; one 60 s step crosses both the completion and the 30 s deadline.
        var pump = try PumpHarness()
        try pump.start(try program(rate: "360", vtbi: "1"))
        pump.advance(realTime: .seconds(60))
        #expect(pump.state == .complete)
        #expect(pump.status.alarms == [.infusionComplete])
        #expect(pump.status.kvoVolumeMl == decimal("0.013"))  // 50 s at 1 mL/h = 0.01388..., truncated
    }

    @Test func periodIsTheProgramsWdog() throws {
        var pump = try Self.runningPump(watchdogSeconds: 10)
        pump.advance(realTime: .nanoseconds(9_999_999_999))
        #expect(pump.state == .running)
        pump.advance(realTime: .nanoseconds(1))
        #expect(pump.state == .alarm)
    }
}
