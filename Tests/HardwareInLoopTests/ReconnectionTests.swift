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

    /// A reboot with the door still open: the pump powers up idle, raises `door` again (the cause is physical) and
    /// sends its event under the new boot. The restart is reported once, whether the event or a poll reveals it.
    @Test func aRebootWithTheDoorOpenIsReportedOnceAndTheDoorAlarmRaisedAgain() async throws {
        let bench = try await DriverBench.start(.pty, ["--speed", "60"])
        _ = try await bench.programAndStart(try DriverBench.tocilizumabProgram())
        bench.startMonitor()
        _ = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })
        await bench.simulator.expectOK("fault door on 1")
        _ = try #require(await bench.nextStatus { $0.state == .alarm })
        let effects = await bench.simulator.expectOK("reboot 1")
        let rebootedLine = try #require(effects.first { $0.hasPrefix("rebooted 1 boot=") })
        let newBoot = try #require(BootId(wireText: String(rebootedLine.dropFirst("rebooted 1 boot=".count))))
        #expect(effects.contains("alarm 1 raised door"))
        let idle = try #require(await bench.nextStatus { $0.bootId == newBoot })
        #expect(idle.state == .idle)
        #expect(idle.alarms == [.doorOpen])
        #expect(try #require(await bench.skipStatuses(3)).state == .idle)
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()
        let restarts = bench.updates.all.filter { if case .rebooted = $0 { true } else { false } }
        #expect(restarts == [.rebooted(previous: bench.identity.bootId, current: newBoot)])
        // The door event of the new power-up reached the monitor (event sequence restarted at 0000, §10.6).
        let doorEvents = bench.simulator.trace.sentEvents.filter { $0.frame?.value(for: .alarm) == "door" }
        #expect(doorEvents.map { $0.frame?.sequence.value } == [0, 0])
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
    }

    /// The pump executes START and restarts before its reply leaves (`--fault reboot@STRT`: "reboot loses it").
    /// The retransmission reaches a pump with an empty reply cache and no program, which refuses it (wrongState
    /// idle); the driver reports that refusal, and the next status reveals the restart. Nothing runs; the running
    /// the pump entered lasted no time at all, which is why no one could see it.
    @Test func aRebootBeforeTheStartReplyEndsIdleAndTheRestartIsRevealedByTheNextStatus() async throws {
        let bench = try await DriverBench.start(.pty, ["--fault", "reboot@STRT"])
        let verified = try await bench.driver.programAndVerify(try DriverBench.tocilizumabProgram())
        await SessionRules.expectStartRefusedThenRestartRevealed(bench, verified)
        await bench.finish()
        #expect(bench.simulator.printedStates() == ["programmed", "running", "idle"])
        let starts = bench.simulator.trace.received(.start)
        #expect(starts.count == 2)  // the original (executed, reply lost) and one retransmission (refused)
        #expect(Set(starts.compactMap(\.frameText)).count == 1)
        // The ACK was produced and lost with the restart; the retransmission was refused.
        let replies = bench.simulator.trace.replies(to: .start)
        #expect(replies.map(\.kind) == ["tx-lost", "tx"])
        #expect(replies.compactMap { $0.frame?.kind } == [.ack, .nak])
    }
}
