import PumpDriver
import PumpProtocol
import Testing

/// The monitor: STAT polls at the interval on the injected clock, link health, reconnection with back-off that sends
/// nothing but IDEN and STAT, restarts, events.
@Suite(.timeLimit(.minutes(1)))
struct MonitorTests {
    @Test func pollsAtTheIntervalAndReportsTheLinkConnected() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        var updates = harness.driver.monitor(every: .seconds(1)).makeAsyncIterator()

        #expect(await updates.next() == .link(.connected))
        guard case .status(let first) = await updates.next() else { Issue.record("expected a status"); return }
        #expect(first.state == .idle)
        #expect(await harness.clock.fireNextDeadline() == .seconds(1))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }
        #expect(await harness.clock.fireNextDeadline() == .seconds(2))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }
        #expect(await pump.requestCodes == ["IDEN", "STAT", "STAT", "STAT"])
    }

    @Test func retransmissionsMakeTheLinkDegradedUntilCleanPollsFollow() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        var updates = harness.driver.monitor(every: .seconds(1), policy: MonitorPolicy(recoveryPolls: 2))
            .makeAsyncIterator()
        #expect(await updates.next() == .link(.connected))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }

        await pump.set(drop: 1, repliesTo: .getStatus)
        #expect(await harness.clock.fireNextDeadline() == .seconds(1))  // the poll
        #expect(await harness.clock.fireNextDeadline() == .milliseconds(1500))  // its lost reply
        #expect(await updates.next() == .link(.degraded))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }

        #expect(await harness.clock.fireNextDeadline() == .milliseconds(2500))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }
        #expect(await harness.clock.fireNextDeadline() == .milliseconds(3500))
        #expect(await updates.next() == .link(.connected))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }
    }

    @Test func aLostLineIsReopenedWithBackOffAndOnlyIdenAndStatAreSent() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        _ = try await harness.driver.programAndVerify(try documentProgram())
        var updates = harness.driver.monitor(
            every: .seconds(1), policy: MonitorPolicy(reconnectBackoff: [.milliseconds(500)])
        ).makeAsyncIterator()
        #expect(await updates.next() == .link(.connected))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }

        // The cable is pulled, and the first attempt to reopen finds nothing.
        await harness.factory.failNextOpens(1)
        await harness.firstPumpEnd().close()
        #expect(await harness.clock.fireNextDeadline() == .seconds(1))
        guard case .link(.lost) = await updates.next() else { Issue.record("expected the link lost"); return }
        #expect(await harness.line.isUp == false)

        // Plugged back: after the back-off the line is reopened, IDEN and STAT confirm the same pump and boot.
        #expect(await harness.clock.fireNextDeadline() == .milliseconds(1500))
        await pump.attach(await harness.factory.pumpEnd(1))
        #expect(await updates.next() == .link(.connected))
        guard case .status(let status) = await updates.next() else { Issue.record("expected a status"); return }
        #expect(status.state == .programmed)
        #expect(await harness.factory.opens == 2)
        #expect(await pump.requestCodes == ["IDEN", "SETP", "READ", "STAT", "STAT", "IDEN", "STAT"])
    }

    @Test func aSilentPumpOnALineThatIsUpGetsTheLineReopenedAfterSilentAttempts() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        var updates = harness.driver.monitor(
            every: .seconds(1), policy: MonitorPolicy(reconnectBackoff: [.milliseconds(500)], reopenAfterSilentAttempts: 2)
        ).makeAsyncIterator()
        #expect(await updates.next() == .link(.connected))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }

        await pump.set(drop: 100, repliesTo: .getStatus)
        await pump.set(drop: 100, repliesTo: .identify)
        while await harness.factory.opens < 2 {
            await harness.clock.fireNextDeadline()
        }
        // Poll (4 transmissions), then two silent IDEN attempts (4 each) before the line was reopened. The pump
        // reads its end on its own task, which may lag behind the manual clock: wait for it to have read them all.
        await pump.waitForRequests(2 + 4 + 8)
        let codes = await pump.requestCodes
        #expect(codes.filter { $0 == "IDEN" }.count == 1 + 8)
        #expect(codes.filter { $0 == "STAT" }.count == 1 + 4)
        guard case .link(.lost) = await updates.next() else { Issue.record("expected the link lost"); return }
    }

    @Test func aRestartSeenByAPollIsReported() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        var updates = harness.driver.monitor(every: .seconds(1)).makeAsyncIterator()
        #expect(await updates.next() == .link(.connected))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }

        await pump.reboot(newBoot: 0xC0FF_EE42)
        await harness.clock.fireNextDeadline()
        #expect(await updates.next() == .rebooted(previous: BootId(0x5A3C_9E01), current: BootId(0xC0FF_EE42)))
        guard case .status(let status) = await updates.next() else { Issue.record("expected a status"); return }
        #expect(status.bootId == BootId(0xC0FF_EE42))
        #expect(await pump.requestCodes == ["IDEN", "STAT", "STAT"])
    }

    @Test func eventsArePassedOn() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        var updates = harness.driver.monitor(every: .seconds(1)).makeAsyncIterator()
        #expect(await updates.next() == .link(.connected))
        guard case .status = await updates.next() else { Issue.record("expected a status"); return }
        try await pump.raise(.doorOpen)
        guard case .event(let event) = await updates.next() else { Issue.record("expected an event"); return }
        #expect(event.alarm == .doorOpen)
    }

    @Test func aPumpThatCannotBeOperatedStopsTheMonitor() async throws {
        let pump = ModelPump()
        await pump.set(protocolText: "2.0")
        let harness = try await Harness.model(pump)
        var updates = harness.driver.monitor(every: .seconds(1)).makeAsyncIterator()
        guard case .stopped(let reason) = await updates.next() else { Issue.record("expected stopped"); return }
        #expect(reason.contains("speaks protocol 2.0"))
        #expect(await updates.next() == nil)
        #expect(await pump.requestCodes == ["IDEN"])
    }
}
