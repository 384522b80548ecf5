import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// Infusion physics on the simulated clock (docs/protocol.md §9, §10.2): volumes integrate the program rate,
/// truncated to 0.001 mL; `rem` rounds up; KVO is counted apart; the battery drains. Expected values by hand.
@Suite("infusion physics")
struct PhysicsTests {
    @Test func thirtyMinutesAt66point6() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "66.6", vtbi: "100"))
        #expect(pump.status.timeRemainingSeconds == 5406)  // ⌈100 × 3600 / 66.6⌉ = ⌈5405.41⌉
        pump.advance(simulated: .seconds(1800))
        // 66.6 mL/h × 0.5 h = 33.3 mL; rem = ⌈(100 − 33.3) × 3600 / 66.6⌉ = ⌈3605.41⌉ = 3606 s.
        #expect(pump.status.volumeInfusedMl == decimal("33.3"))
        #expect(pump.status.timeRemainingSeconds == 3606)
        #expect(pump.status.rateMlPerHour == decimal("66.6"))
    }

    @Test func manySmallStepsGiveExactlyTheSameVolumeAsOne() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "66.6", vtbi: "100"))
        for _ in 0..<1800 { pump.advance(simulated: .seconds(1)) }
        #expect(pump.status.volumeInfusedMl == decimal("33.3"))
        // And at millisecond steps for one more second: 66.6 / 3600 = 0.0185 mL more, truncated: 33.318.
        for _ in 0..<1000 { pump.advance(simulated: .milliseconds(1)) }
        #expect(pump.status.volumeInfusedMl == decimal("33.318"))
    }

    @Test func volumeIsTruncatedNeverRounded() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "66.6", vtbi: "100"))
        pump.advance(simulated: .seconds(1))  // 0.0185 mL
        #expect(pump.status.volumeInfusedMl == decimal("0.018"))
        pump.advance(simulated: .milliseconds(999))  // 1.999 s: 0.036981... mL
        #expect(pump.status.volumeInfusedMl == decimal("0.036"))
    }

    @Test func completionThenKeepVeinOpenCountedApart() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "100", vtbi: "50"))
        pump.advance(simulated: .seconds(1799))
        #expect(pump.state == .running)
        pump.advance(simulated: .seconds(1))  // 50 mL at 100 mL/h: exactly 1800 s
        #expect(pump.state == .complete)
        #expect(pump.status.volumeInfusedMl == 50)
        #expect(pump.status.kvoVolumeMl == 0)
        #expect(pump.status.rateMlPerHour == 1)
        #expect(pump.status.timeRemainingSeconds == 0)
        // 16.5 minutes at the KVO rate of 1 mL/h: 0.275 mL, while vi stays at the VTBI.
        pump.advance(simulated: .seconds(990))
        #expect(pump.status.kvoVolumeMl == decimal("0.275"))
        #expect(pump.status.volumeInfusedMl == 50)
        // Completion inside a long step: the part after completion is KVO, not program volume.
        var other = try PumpHarness()
        try other.start(try program(rate: "100", vtbi: "50"))
        other.advance(simulated: .seconds(1800 + 3600))
        #expect(other.status.volumeInfusedMl == 50)
        #expect(other.status.kvoVolumeMl == 1)
    }

    @Test func keepVeinOpenRateIsTheProgramRateWhenLower() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "0.5", vtbi: "1"))
        pump.advance(simulated: .seconds(7200))  // 1 mL at 0.5 mL/h: 2 h
        #expect(pump.state == .complete)
        #expect(pump.status.rateMlPerHour == decimal("0.5"))
        pump.advance(simulated: .seconds(3600))
        #expect(pump.status.kvoVolumeMl == decimal("0.5"))
    }

    @Test func pausedAndAlarmDeliverNothingAndKeepRem() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "66.6", vtbi: "100"))
        pump.advance(simulated: .seconds(1800))
        let paused = try pump.sendForStatus(.pause)
        #expect(paused.rateMlPerHour == 0)
        #expect(paused.timeRemainingSeconds == 3606)
        pump.advance(simulated: .seconds(3600))
        #expect(pump.status.volumeInfusedMl == decimal("33.3"))
        #expect(pump.status.timeRemainingSeconds == 3606)
    }

    @Test func remainingTimeByState() throws {
        var pump = try PumpHarness()
        #expect(pump.status.timeRemainingSeconds == 0)  // idle
        let token = try pump.program(try program(rate: "66.6", vtbi: "100"))
        #expect(pump.status.timeRemainingSeconds == 5406)  // programmed: the whole VTBI
        #expect(pump.status.vtbiMl == 100)
        #expect(pump.status.rateMlPerHour == 0)  // not delivering
        _ = try pump.send(.start(token))
        _ = try pump.send(.stop)
        #expect(pump.status.timeRemainingSeconds == 0)  // idle again
        #expect(pump.status.vtbiMl == 0)
    }

    @Test func batteryDrainsFasterWithTheMotorRunning() throws {
        var pump = try PumpHarness(battery: 50)
        pump.advance(simulated: .seconds(3600))  // idle: 1 % per hour
        #expect(pump.status.batteryPercent == 49)
        try pump.start(try program(rate: "1", vtbi: "100"))
        pump.advance(simulated: .seconds(3600))  // running: 1 % per 6 minutes = 10 %
        #expect(pump.status.batteryPercent == 39)
        pump.advance(simulated: .seconds(1))  // 38.997 %, shown rounded up
        #expect(pump.status.batteryPercent == 39)
        pump.advance(simulated: .seconds(359))
        #expect(pump.status.batteryPercent == 38)
    }

    @Test func clearVolumeZeroesBothCounters() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "100", vtbi: "50"))
        pump.advance(simulated: .seconds(1800 + 36))
        let stopped = try pump.sendForStatus(.stop)
        #expect(stopped.volumeInfusedMl == 50)
        #expect(stopped.kvoVolumeMl == decimal("0.01"))  // 36 s at 1 mL/h
        let cleared = try pump.sendForStatus(.clearVolume)
        #expect(cleared.volumeInfusedMl == 0)
        #expect(cleared.kvoVolumeMl == 0)
    }

    @Test func volumeMeterUnits() {
        // 1 mL = 0.1 mL/h × 36 000 000 000 000 ns.
        #expect(VolumeMeter.units(ofMl: 1) == 36_000_000_000_000)
        #expect(VolumeMeter.units(ofMl: decimal("0.001")) == 36_000_000_000)
        #expect(VolumeMeter.rateTenths(ofMlPerHour: decimal("66.6")) == 666)
        #expect(VolumeMeter.rateTenths(ofMlPerHour: decimal("66.65")) == nil)
    }
}
