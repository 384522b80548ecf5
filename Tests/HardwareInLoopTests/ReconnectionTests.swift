import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// The link or the pump goes away mid-infusion: a cable pulled and plugged back in, a pump that reboots. The monitor
/// reports it, reconnects with IDEN and STAT only, and never starts or resumes anything by itself (docs/driver.md).
@Suite("HIL: unplug and reboot", .timeLimit(.minutes(1)))
struct ReconnectionTests {
    @Test(arguments: LinkKind.allCases)
    func anUnpluggedCableIsLostThenReconnectedAndTheInfusionContinuesWithoutANewStart(link: LinkKind) async throws {
        let bench = try await DriverBench.start(link, ["--speed", "60"])
        let (_, running) = try await bench.programAndStart(try DriverBench.tocilizumabProgram())
        #expect(running.state == .running)
        let mark = bench.exchanges.count
        bench.startMonitor()
        let before = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })

        await bench.simulator.expectOK("unplug 1")
        #expect(await bench.simulator.nextLine { $0 == "unplugged" } != nil)
        if let linkPath = bench.simulator.linkPath {
            // While unplugged there is no device behind the link (docs/simulator.md).
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: linkPath)) == nil)
        }
        #expect(await bench.nextLink(.lost(reason: "")) != nil)
        let replugged = try #require(await bench.simulator.nextLine(startingWith: "replugged "))
        if let linkPath = bench.simulator.linkPath {
            let slave = String(replugged.dropFirst("replugged ".count))
            #expect(slave.hasPrefix("/dev/pts/"))
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: linkPath) == slave)
        } else {
            #expect(replugged == "replugged \(bench.simulator.firstLine)")
        }
        #expect(await bench.nextLink(.connected) == .connected)
        let after = try #require(await bench.nextStatus { _ in true })
        #expect(after.state == .running)  // the pump kept infusing: 1 s is far inside the 30 s watchdog
        #expect(after.bootId == bench.identity.bootId)  // same power-up: nothing was lost
        #expect(after.volumeInfusedMl > before.volumeInfusedMl)
        #expect(!bench.updates.all.contains { if case .rebooted = $0 { true } else { false } })
        SessionRules.expectOnlyQueries(bench, from: mark)
        let commands = bench.completedExchanges.dropFirst(mark).map(\.command.rawValue)
        let answeredIdentify = try #require(commands.lastIndex(of: "IDEN"))
        #expect(commands.dropFirst(answeredIdentify + 1).first == "STAT")
        #expect(try await bench.driver.stop().state == .idle)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
        #expect(bench.driverStates == [.programmed, .running, .idle])
    }

    @Test(arguments: LinkKind.allCases)
    func aRebootMidInfusionIsReportedAndNothingIsRestarted(link: LinkKind) async throws {
        let bench = try await DriverBench.start(link, ["--speed", "60"])
        let (verified, running) = try await bench.programAndStart(try DriverBench.tocilizumabProgram())
        #expect(running.state == .running)
        let mark = bench.exchanges.count
        bench.startMonitor()
        _ = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })

        let effects = await bench.simulator.expectOK("reboot 1")
        let rebootedLine = try #require(effects.first { $0.hasPrefix("rebooted 1 boot=") })
        let newBoot = try #require(BootId(wireText: String(rebootedLine.dropFirst("rebooted 1 boot=".count))))
        #expect(newBoot != bench.identity.bootId)
        // Idle with nothing stored, under the new boot (the battery, a physical quantity, survives and is left out).
        let idleLine = try #require(effects.first { $0.hasPrefix("state 1 ") })
        var idleFields = SimulatorChild.fields(of: idleLine)
        idleFields["bat"] = nil
        #expect(idleLine.hasPrefix("state 1 idle "))
        #expect(idleFields == ["vi": "0.000", "kvo": "0.000", "rate": "0", "vtbi": "0", "rem": "0", "alarms": "", "boot": "\(newBoot)"])

        let restart = await bench.nextUpdate { if case .rebooted = $0 { true } else { false } }
        #expect(restart == .rebooted(previous: bench.identity.bootId, current: newBoot))
        let idle = try #require(await bench.nextStatus { _ in true })
        #expect(idle.state == .idle)  // program, token and volumes lost (§10.6)
        #expect(idle.vtbiMl == 0)
        #expect(idle.volumeInfusedMl == 0)
        #expect(idle.rateMlPerHour == 0)
        #expect(idle.bootId == newBoot)
        // More polls: the driver had every chance to act, and did nothing but read.
        #expect(try #require(await bench.skipStatuses(3)).state == .idle)
        SessionRules.expectOnlyQueries(bench, from: mark)
        #expect(await bench.driver.bootId == newBoot)

        // The program verified before the restart cannot start the pump now; nothing is sent for it.
        let pump = "pump 01 on \(await bench.line.port)"
        let detail = "it was verified under boot \(bench.identity.bootId); the pump's boot is now \(newBoot)"
        await #expect(throws: PumpDriverError.staleVerification(pump: pump, detail: detail)) {
            try await bench.driver.start(verified)
        }
        #expect(try await bench.driver.stop().state == .idle)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
        #expect(bench.driverStates == [.programmed, .running, .idle])
        let start = try #require(bench.completedExchanges.first { $0.command == .start })
        #expect(bench.simulator.trace.received(.start).count == start.transmissions)
        #expect(bench.completedExchanges.filter { $0.command == .start }.count == 1)
    }

    @Test func aRebootWhileUnpluggedIsReportedWhenTheLinkReturns() async throws {
        let bench = try await DriverBench.start(.pty, ["--speed", "60"])
        _ = try await bench.programAndStart(try DriverBench.tocilizumabProgram())
        let mark = bench.exchanges.count
        bench.startMonitor()
        _ = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })
        await bench.simulator.expectOK("unplug 1")
        let effects = await bench.simulator.expectOK("reboot 1")
        let rebootedLine = try #require(effects.first { $0.hasPrefix("rebooted 1 boot=") })
        let newBoot = try #require(BootId(wireText: String(rebootedLine.dropFirst("rebooted 1 boot=".count))))
        let restart = await bench.nextUpdate(within: 15) { if case .rebooted = $0 { true } else { false } }
        #expect(restart == .rebooted(previous: bench.identity.bootId, current: newBoot))
        let idle = try #require(await bench.nextStatus { _ in true })
        #expect(idle.state == .idle)
        #expect(idle.volumeInfusedMl == 0)
        #expect(idle.bootId == newBoot)
        #expect(try #require(await bench.skipStatuses(3)).state == .idle)
        SessionRules.expectOnlyQueries(bench, from: mark)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
        #expect(bench.driverStates == [.programmed, .running, .idle])
    }

    /// A TCP connection that stays up while the pump is silent through two reconnection attempts is reopened
    /// (docs/driver.md: a device server that restarted can look up but carry nothing); the simulator sees the old
    /// client go and a new one come, and the driver reconnects without commanding. 13 s of silence stays inside the
    /// 30 s watchdog: the pump runs on.
    @Test func aSilentTCPLineIsReopenedAfterTwoUnansweredReconnectionAttempts() async throws {
        let bench = try await DriverBench.start(.tcp, ["--speed", "60"])
        _ = try await bench.programAndStart(try DriverBench.tocilizumabProgram())
        let mark = bench.exchanges.count
        bench.startMonitor()
        let before = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })
        #expect(await bench.simulator.nextLine(startingWith: "connected 127.0.0.1:") != nil)
        await bench.simulator.expectOK("silence 13")
        #expect(await bench.nextLink(.lost(reason: "")) != nil)
        // The reopen: the old connection closed, a new one accepted, while the pump is still silent.
        #expect(await bench.simulator.nextLine(within: 20) { $0 == "disconnected" } != nil)
        #expect(await bench.simulator.nextLine(startingWith: "connected 127.0.0.1:", within: 5) != nil)
        #expect(await bench.nextLink(.connected, within: 20) == .connected)
        let after = try #require(await bench.nextStatus { _ in true })
        #expect(after.state == .running)
        #expect(after.volumeInfusedMl > before.volumeInfusedMl)
        #expect(after.bootId == bench.identity.bootId)
        SessionRules.expectOnlyQueries(bench, from: mark)
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
    }
}
