import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// The pump's communication watchdog (docs/protocol.md §10.5) against the real driver: a controller silent for longer
/// than `wdog` while the pump runs makes the pump stop and alarm by itself; recovery is ALAK then RESM, never a new
/// START.
///
/// The only slow test of the suite: the watchdog runs on the wall clock (the simulator must not accelerate it), so
/// with the smallest period the protocol allows (10 s) it takes about 14 s.
@Suite("HIL: watchdog", .timeLimit(.minutes(1)))
struct WatchdogTests {
    @Test func aSilenceLongerThanTheWatchdogStopsThePumpWithCommlostAndAcknowledgeThenResumeContinues() async throws {
        let bench = try await DriverBench.start(.pty, ["--speed", "60"])
        let (_, running) = try await bench.programAndStart(try DriverBench.tocilizumabProgram(watchdogSeconds: 10))
        #expect(running.state == .running)
        bench.startMonitor()
        _ = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })

        // 11.5 s without a frame that feeds the watchdog: it expires 10 s after the last poll the pump heard.
        await bench.simulator.expectOK("silence 11.5")
        #expect(await bench.nextLink(.lost(reason: "")) != nil)
        let alarmLine = try #require(await bench.simulator.nextLine(startingWith: "state 1 alarm", within: 15))
        let frozen = try #require(AlarmFaultTests.volume(of: alarmLine))
        #expect(await bench.simulator.nextLine { $0 == "alarm 1 raised commlost" } != nil)

        // Back in touch: the first frame heard clears the cause, the alarm stays latched until acknowledged.
        #expect(await bench.nextLink(.connected, within: 15) == .connected)
        let alarmed = try #require(await bench.nextStatus { _ in true })
        #expect(alarmed.state == .alarm)
        #expect(alarmed.alarms == [.communicationLost])
        #expect(alarmed.rateMlPerHour == 0)
        #expect(alarmed.volumeInfusedMl == frozen)
        let acknowledged = try await bench.driver.acknowledgeAlarms()
        #expect(acknowledged.state == .paused)
        #expect(acknowledged.alarms == [])
        try await SessionRules.resumeFromFrozenVolumeThenStop(bench, frozen: frozen)
        // From the pump's clock: the commlost event (suppressed: the line was silent) came no earlier than 10 s and
        // no later than 11 s after the last frame that fed the watchdog (§10.5 allows 1 s). A trace stamp is taken
        // after the simulator has processed what it records, so the frame's stamp may trail the instant it fed the
        // watchdog by that processing time: 10 ms (the simulator's tick) are allowed for it on the lower bound.
        let records = bench.simulator.trace.records
        let expiry = try #require(records.firstIndex { $0.frame?.kind == .event && $0.frame?.value(for: .alarm) == "commlost" })
        #expect(records[expiry].kind == "tx-suppressed")
        let lastFed = try #require(records[..<expiry].last { $0.kind == "rx" })
        let elapsed = records[expiry].microseconds - lastFed.microseconds
        let context = bench.simulator.errors.all.filter { $0.contains(" rx") || $0.contains("commlost") }.suffix(12)
        #expect(
            elapsed >= 9_990_000 && elapsed <= 11_000_000,
            "watchdog expired \(elapsed) µs after the last frame: \(context.joined(separator: "\n"))")
    }
}

extension WatchdogTests {
    @Test func anUnplugLongerThanTheWatchdogEndsInCommlostAndTheReconnectedDriverRestartsNothing() async throws {
        let bench = try await DriverBench.start(.pty, ["--speed", "60"])
        let (_, running) = try await bench.programAndStart(try DriverBench.tocilizumabProgram(watchdogSeconds: 10))
        #expect(running.state == .running)
        let mark = bench.exchanges.count
        bench.startMonitor()
        _ = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })

        await bench.simulator.expectOK("unplug 11.5")
        #expect(await bench.nextLink(.lost(reason: "")) != nil)
        let alarmLine = try #require(await bench.simulator.nextLine(startingWith: "state 1 alarm", within: 15))
        let frozen = try #require(AlarmFaultTests.volume(of: alarmLine))
        #expect(await bench.simulator.nextLine { $0 == "alarm 1 raised commlost" } != nil)
        #expect(await bench.simulator.nextLine(startingWith: "replugged ", within: 15) != nil)
        #expect(await bench.nextLink(.connected, within: 15) == .connected)
        let alarmed = try #require(await bench.nextStatus { _ in true })
        #expect(alarmed.state == .alarm)
        #expect(alarmed.alarms == [.communicationLost])
        #expect(alarmed.volumeInfusedMl == frozen)
        #expect(alarmed.bootId == bench.identity.bootId)
        SessionRules.expectOnlyQueries(bench, from: mark)
        #expect(try await bench.driver.acknowledgeAlarms().state == .paused)
        let resumed = try await bench.driver.resume()
        #expect(resumed.state == .running)
        #expect(resumed.volumeInfusedMl == frozen)
        #expect(try await bench.driver.stop().state == .idle)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
        // The commlost event was produced while unplugged and never reached the line.
        let commlost = bench.simulator.trace.events.filter { $0.frame?.value(for: .alarm) == "commlost" }
        #expect(commlost.map(\.kind) == ["tx-event", "tx-lost"])
    }
}
