import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// START whose outcome the driver cannot know: every reply lost, the request itself unheard, the cable pulled while
/// it is answered. docs/protocol.md §5.4: the client must not assume the request was or was not executed; it learns
/// the truth with STAT. The driver must never send that START again (docs/driver.md), whichever way it went.
@Suite("HIL: START with an unknown outcome", .timeLimit(.minutes(1)))
struct UnknownStartOutcomeTests {
    @Test(arguments: LinkKind.allCases)
    func everyReplyLostStartedOnceAndTheDriverNeverSendsItAgain(link: LinkKind) async throws {
        // The first STRT is executed; its reply and the three cached copies sent for the retransmissions are dropped.
        let bench = try await DriverBench.start(link, ["--fault", "drop=4@STRT"])
        let verified = try await bench.driver.programAndVerify(try DriverBench.tocilizumabProgram())
        let pump = "pump 01 on \(await bench.line.port)"
        do {
            _ = try await bench.driver.start(verified)
            Issue.record("START answered although every reply was dropped")
        } catch {
            if case .noReply(_, .start, let transmissions, _, let reasons) = error {
                #expect(transmissions == 4)
                #expect(reasons == [.noReply, .noReply, .noReply, .noReply])
            } else {
                Issue.record("expected noReply for STRT, got \(error)")
            }
            #expect(error.outcomeUnknown)
            #expect(error.description.contains("whether the pump executed STRT is UNKNOWN"))
        }
        // The truth, from the status: it runs.
        #expect(try await bench.driver.status().state == .running)
        // The same verified program is never sent again, and nothing reaches the pump for it.
        await #expect(throws: PumpDriverError.startAlreadyAttempted(pump: pump, token: verified.token)) {
            try await bench.driver.start(verified)
        }
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        let trace = bench.simulator.trace
        #expect(trace.received(.start).count == 4)
        #expect(Set(trace.received(.start).compactMap(\.frameText)).count == 1)
        #expect(trace.replies(to: .start).map(\.kind) == ["tx-dropped", "tx-dropped", "tx-dropped", "tx-dropped"])
        #expect(bench.simulator.printedStates() == ["programmed", "running", "idle"])
        #expect(trace.startViolations() == [])
        SessionRules.expectNoLostState(bench)
    }

    @Test func anUnheardStartIsNotResentTheProgramIsStoredAgainForANewToken() async throws {
        let bench = try await DriverBench.start(.pty)
        let first = try await bench.driver.programAndVerify(try DriverBench.tocilizumabProgram())
        // 3 s: longer than the four transmissions of STRT (2 s); the pump hears none of them.
        await bench.simulator.expectOK("silence 3")
        do {
            _ = try await bench.driver.start(first)
            Issue.record("START answered during a silence")
        } catch {
            #expect(error.outcomeUnknown)
        }
        #expect(await bench.simulator.nextLine { $0 == "ended silence" } != nil)
        // The truth: still programmed under the same boot, so START was not executed (§5.4) ...
        let status = try await bench.driver.status()
        #expect(status.state == .programmed)
        #expect(status.bootId == bench.identity.bootId)
        // ... yet the driver does not send that token again; a new program read back gives a new token.
        let pump = "pump 01 on \(await bench.line.port)"
        await #expect(throws: PumpDriverError.startAlreadyAttempted(pump: pump, token: first.token)) {
            try await bench.driver.start(first)
        }
        let second = try await bench.driver.programAndVerify(try DriverBench.tocilizumabProgram())
        #expect(second.token != first.token)
        #expect(try await bench.driver.start(second).state == .running)
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        let trace = bench.simulator.trace
        // The pump executed STRT once, for the second token; the first token's four copies were never heard.
        #expect(Set(trace.received(.start).compactMap { $0.frame?.value(for: .token) }) == [second.token.description])
        let ignored = trace.records("rx-ignored").filter { $0.details.contains("|CMD|STRT|") }
        #expect(ignored.count == 4)
        #expect(ignored.allSatisfy { $0.details.contains("token=\(first.token)") })
        #expect(bench.simulator.printedStates() == ["programmed", "running", "idle"])
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
    }

    @Test(arguments: LinkKind.allCases)
    func theCablePulledWhileStartIsAnsweredIsRecoveredByTheMonitorWithoutAnotherStart(link: LinkKind) async throws {
        // The pump executes STRT and the cable is pulled for 1 s before the reply leaves.
        let bench = try await DriverBench.start(link, ["--speed", "60", "--fault", "unplug=1@STRT"])
        let verified = try await bench.driver.programAndVerify(try DriverBench.tocilizumabProgram())
        do {
            _ = try await bench.driver.start(verified)
            Issue.record("START answered although the cable was pulled before the reply")
        } catch {
            #expect(error.outcomeUnknown, "\(error)")
        }
        let mark = bench.exchanges.count
        bench.startMonitor()
        #expect(await bench.nextLink(.connected, within: 15) == .connected)
        let status = try #require(await bench.nextStatus { _ in true })
        #expect(status.state == .running)  // executed once, before the cable was pulled
        #expect(status.bootId == bench.identity.bootId)
        SessionRules.expectOnlyQueries(bench, from: mark)
        let pump = "pump 01 on \(await bench.line.port)"
        await #expect(throws: PumpDriverError.startAlreadyAttempted(pump: pump, token: verified.token)) {
            try await bench.driver.start(verified)
        }
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        let trace = bench.simulator.trace
        #expect(trace.received(.start).count == 1)
        #expect(trace.replies(to: .start).count == 1)  // produced once; it never reached the line (see SimulatorTraceTests)
        #expect(bench.simulator.printedStates() == ["programmed", "running", "idle"])
        #expect(trace.startViolations() == [])
        SessionRules.expectNoLostState(bench)
    }

    @Test func aRebootBetweenVerificationAndStartIsRefusedByThePumpAndCaughtByTheDriver() async throws {
        let bench = try await DriverBench.start(.pty)
        let verified = try await bench.driver.programAndVerify(try DriverBench.tocilizumabProgram())
        let effects = await bench.simulator.expectOK("reboot 1")
        #expect(effects.contains { $0.hasPrefix("rebooted 1 boot=") })
        // The driver cannot know yet (STRT is the first request since); the pump has no program: wrongState idle.
        // START is refused; the next status reveals the restart.
        await SessionRules.expectStartRefusedThenRestartRevealed(bench, verified)
        await bench.finish()
        #expect(bench.simulator.printedStates() == ["programmed", "idle"])
        #expect(bench.simulator.trace.startViolations() == [])
        #expect(!bench.simulator.printedStates().contains("running"))
    }
}
