import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// Alarms injected through the simulator's control channel, in the states where each can happen, with the outcome
/// docs/protocol.md §10.3–§10.4 promises, seen by the driver and confirmed by the simulator.
///
/// The infusions run at `--speed 60` (100 mL at 100 mL/h would complete after 60 wall seconds), so a running pump
/// delivers about 0.17 mL per 100 ms poll: a volume that does not move across polls is a stopped motor.
@Suite("HIL: alarms", .timeLimit(.minutes(1)))
struct AlarmFaultTests {
    /// In which order the nurse clears the cause and acknowledges the alarm (§10.3 allows both).
    enum Recovery: String, Sendable, CaseIterable {
        case causeClearedFirst
        case acknowledgedFirst
    }

    static let motorStoppingCauses: [PumpAlarm] = [.occlusionDownstream, .occlusionUpstream, .airInLine, .doorOpen]

    /// A running bench: programmed, started, monitored, and seen infusing.
    static func runningBench(_ link: LinkKind = .pty, _ arguments: [String] = ["--speed", "60"]) async throws -> DriverBench {
        let bench = try await DriverBench.start(link, arguments)
        _ = try await bench.programAndStart(try DriverBench.tocilizumabProgram())
        bench.startMonitor()
        _ = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })
        return bench
    }

    /// The `vi` of a simulator `state` line, exactly.
    static func volume(of line: String?) -> Decimal? {
        line.flatMap { SimulatorChild.fields(of: $0)["vi"] }.flatMap { PlainDecimal.parse($0) }
    }

    @Test(arguments: motorStoppingCauses, Recovery.allCases)
    func aMotorStoppingCauseWhileRunningStopsTheMotorAndFreezesTheVolume(cause: PumpAlarm, recovery: Recovery) async throws {
        let bench = try await Self.runningBench()
        let code = cause.rawValue
        let effects = await bench.simulator.expectOK("fault \(code) on 1")
        #expect(effects.filter { $0.hasPrefix("alarm ") } == ["alarm 1 raised \(code)"])
        let alarmLine = effects.first { $0.hasPrefix("state 1 ") }
        #expect(alarmLine?.hasPrefix("state 1 alarm ") == true)
        let frozen = try #require(Self.volume(of: alarmLine))

        // The event: this alarm, the motor stopped, the volume where it stopped.
        let event = try #require(await bench.nextEvent { $0.alarm == cause })
        #expect(event.status.state == .alarm)
        #expect(event.status.rateMlPerHour == 0)
        #expect(event.status.volumeInfusedMl == frozen)
        // The polls: alarm, rate 0, the same volume poll after poll; rem = ⌈(100 − vi) × 3600 / 100⌉.
        let alarmed = try #require(await bench.nextStatus { $0.state == .alarm })
        #expect(alarmed.alarms == [cause])
        #expect(alarmed.rateMlPerHour == 0)
        #expect(alarmed.volumeInfusedMl == frozen)
        #expect(Decimal(alarmed.timeRemainingSeconds) == PlainDecimal.ceiling((100 - frozen) * 36))
        let later = try #require(await bench.skipStatuses(3))
        #expect(later.state == .alarm)
        #expect(later.volumeInfusedMl == frozen)

        switch recovery {
        case .causeClearedFirst:
            // Cleared but not acknowledged: still latched, still in alarm (§10.3); ALAK then leads to paused.
            await bench.simulator.expectOK("fault \(code) off 1")
            let latched = try #require(await bench.skipStatuses(1))
            #expect(latched.state == .alarm)
            #expect(latched.alarms == [cause])
            let acknowledged = try await bench.driver.acknowledgeAlarms()
            #expect(acknowledged.state == .paused)
            #expect(acknowledged.alarms == [])
            #expect(acknowledged.volumeInfusedMl == frozen)
        case .acknowledgedFirst:
            // Acknowledged while the cause is present: it stays raised; clearing the cause then leaves alarm by
            // itself, and only the monitor can see that (no command caused it).
            let acknowledged = try await bench.driver.acknowledgeAlarms()
            #expect(acknowledged.state == .alarm)
            #expect(acknowledged.alarms == [cause])
            await bench.simulator.expectOK("fault \(code) off 1")
            let paused = try #require(await bench.nextStatus { $0.state != .alarm })
            #expect(paused.state == .paused)
            #expect(paused.alarms == [])
            #expect(paused.volumeInfusedMl == frozen)
        }
        // The simulator printed the clearing (when ALAK or `fault off` executed; its stdout may trail the reply).
        let cleared = await bench.simulator.output.wait(within: 5) { lines -> [String]? in
            let cleared = lines.filter { $0.hasPrefix("alarm 1 cleared") }
            return cleared.isEmpty ? nil : cleared
        }
        #expect(cleared == ["alarm 1 cleared \(code)"])

        // RESM continues the same program from the frozen volume (no new START, no new token).
        let resumed = try await SessionRules.resumeFromFrozenVolumeThenStop(bench, frozen: frozen)
        #expect(resumed.rateMlPerHour == 100)
    }

    @Test func theSameOverTCP() async throws {
        let bench = try await Self.runningBench(.tcp)
        await bench.simulator.expectOK("fault door on 1")
        let event = try #require(await bench.nextEvent { $0.alarm == .doorOpen })
        #expect(event.status.state == .alarm)
        let frozen = event.status.volumeInfusedMl
        #expect(try #require(await bench.skipStatuses(3)).volumeInfusedMl == frozen)
        await bench.simulator.expectOK("fault door off 1")
        #expect(try await bench.driver.acknowledgeAlarms().state == .paused)
        let resumed = try await bench.driver.resume()
        #expect(resumed.state == .running)
        #expect(resumed.volumeInfusedMl == frozen)
        #expect(try await bench.driver.stop().state == .idle)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
    }

    @Test func lowBatteryIsAnAdvisoryWhileTheInfusionContinues() async throws {
        let bench = try await Self.runningBench()
        await bench.simulator.expectOK("battery 18 1")
        let event = try #require(await bench.nextEvent { $0.alarm == .lowBattery })
        #expect(event.status.state == .running)
        #expect(event.status.rateMlPerHour == 100)
        let low = try #require(await bench.nextStatus { $0.alarms.contains(.lowBattery) })
        #expect(low.state == .running)
        #expect(low.alarms == [.lowBattery])
        #expect(low.batteryPercent == 18)
        // Still infusing: the volume keeps rising under the advisory.
        _ = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > low.volumeInfusedMl })
        #expect(try await bench.driver.stop().state == .idle)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        #expect(bench.driverStates == [.programmed, .running, .idle])
        #expect(!bench.simulator.printedStates().contains("alarm"))
    }

    @Test func aDepletedBatteryStopsTheMotorUntilChargedAndAcknowledged() async throws {
        let bench = try await Self.runningBench()
        await bench.simulator.expectOK("battery 4 1")
        let event = try #require(await bench.nextEvent { $0.alarm == .batteryDepleted })
        #expect(event.status.state == .alarm)
        #expect(event.status.rateMlPerHour == 0)
        let frozen = event.status.volumeInfusedMl
        let dead = try #require(await bench.nextStatus { $0.state == .alarm })
        #expect(dead.alarms == [.lowBattery, .batteryDepleted])
        #expect(dead.batteryPercent == 4)
        #expect(try #require(await bench.skipStatuses(3)).volumeInfusedMl == frozen)
        // Mains power: both causes clear; battdead stays latched until acknowledged.
        await bench.simulator.expectOK("battery 50 1")
        let charged = try #require(await bench.nextStatus { !$0.alarms.contains(.lowBattery) })
        #expect(charged.state == .alarm)
        #expect(charged.alarms == [.batteryDepleted])
        let acknowledged = try await bench.driver.acknowledgeAlarms()
        #expect(acknowledged.state == .paused)
        #expect(acknowledged.alarms == [])
        let resumed = try await bench.driver.resume()
        #expect(resumed.state == .running)
        #expect(resumed.volumeInfusedMl == frozen)
        #expect(try await bench.driver.stop().state == .idle)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
    }

    @Test func aMalfunctionCannotBeAcknowledgedAwayAndRefusesEveryStartUntilServiced() async throws {
        let bench = try await Self.runningBench()
        await bench.simulator.expectOK("fault malfunction on 1")
        let event = try #require(await bench.nextEvent { $0.alarm == .malfunction })
        #expect(event.status.state == .alarm)
        let acknowledged = try await bench.driver.acknowledgeAlarms()
        #expect(acknowledged.state == .alarm)  // the cause is still there
        #expect(acknowledged.alarms == [.malfunction])
        let pump = "pump 01 on \(await bench.line.port)"
        await #expect(throws: PumpDriverError.refused(pump: pump, command: .resume, reason: .wrongState(.alarm))) {
            try await bench.driver.resume()
        }
        let stopped = try await bench.driver.stop()
        #expect(stopped.state == .idle)
        #expect(stopped.alarms == [.malfunction])  // STOP removes only complete and nearend (§7.9)
        #expect(try await bench.driver.clearVolume().volumeInfusedMl == 0)
        // A new program may be stored, but START is refused while the malfunction is raised.
        let verified = try await bench.driver.programAndVerify(try DriverBench.tocilizumabProgram())
        await #expect(throws: PumpDriverError.refused(pump: pump, command: .start, reason: .alarmActive([.malfunction]))) {
            try await bench.driver.start(verified)
        }
        // A service visit clears the cause; it was acknowledged, so the alarm disappears and the same verified
        // program starts (the refusal proved the first START was not executed).
        await bench.simulator.expectOK("fault malfunction off 1")
        let running = try await bench.driver.start(verified)
        #expect(running.state == .running)
        #expect(running.alarms == [])
        #expect(try await bench.driver.stop().state == .idle)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
        // Two programs, two tokens; the second token's START arrived under two sequences, the first refused.
        let starts = bench.simulator.trace.received(.start)
        #expect(Set(starts.compactMap { $0.frame?.value(for: .token) }).count == 2)
    }

    @Test func aDoorOpenedBeforeStartIsRefusedWithoutChangingState() async throws {
        let bench = try await DriverBench.start(.pty, ["--speed", "60"])
        let verified = try await bench.driver.programAndVerify(try DriverBench.tocilizumabProgram())
        await bench.simulator.expectOK("fault door on 1")
        let pump = "pump 01 on \(await bench.line.port)"
        await #expect(throws: PumpDriverError.refused(pump: pump, command: .start, reason: .alarmActive([.doorOpen]))) {
            try await bench.driver.start(verified)
        }
        let programmed = try await bench.driver.status()
        #expect(programmed.state == .programmed)  // §10.3: outside running the state is unchanged
        #expect(programmed.alarms == [.doorOpen])
        await bench.simulator.expectOK("fault door off 1")
        // Cleared but never acknowledged: still latched, START still refused.
        await #expect(throws: PumpDriverError.refused(pump: pump, command: .start, reason: .alarmActive([.doorOpen]))) {
            try await bench.driver.start(verified)
        }
        let acknowledged = try await bench.driver.acknowledgeAlarms()
        #expect(acknowledged.state == .programmed)
        #expect(acknowledged.alarms == [])
        #expect(try await bench.driver.start(verified).state == .running)
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
        #expect(bench.driverStates == [.programmed, .running, .idle])
    }

    @Test func airWhilePausedKeepsThePumpPausedAndRefusesResume() async throws {
        let bench = try await Self.runningBench()
        let paused = try await bench.driver.pause()
        #expect(paused.state == .paused)
        await bench.simulator.expectOK("fault air on 1")
        let event = try #require(await bench.nextEvent { $0.alarm == .airInLine })
        #expect(event.status.state == .paused)
        let pump = "pump 01 on \(await bench.line.port)"
        await #expect(throws: PumpDriverError.refused(pump: pump, command: .resume, reason: .alarmActive([.airInLine]))) {
            try await bench.driver.resume()
        }
        await bench.simulator.expectOK("fault air off 1")
        #expect(try await bench.driver.acknowledgeAlarms().state == .paused)
        let resumed = try await bench.driver.resume()
        #expect(resumed.state == .running)
        #expect(resumed.volumeInfusedMl == paused.volumeInfusedMl)
        #expect(try await bench.driver.stop().state == .idle)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
        #expect(bench.driverStates == [.programmed, .running, .paused, .running, .idle])
    }
}
