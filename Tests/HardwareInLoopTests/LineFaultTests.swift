import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// Faults of the line rather than the pump: replies lost, damaged, late or doubled, noise between frames. Each ends
/// with the outcome docs/protocol.md §4–§5 promises: the identical bytes retransmitted, answered from the pump's
/// reply cache, the request executed once, the stream resynchronised.
///
/// The faults hit the STRT reply through `--fault ACTION@STRT`, which the simulator applies to the reply of the
/// first STRT it receives, so no other request can take the fault by accident.
@Suite("HIL: line faults", .timeLimit(.minutes(1)))
struct LineFaultTests {
    /// The reply timeout of the line (docs/protocol.md §12): 500 ms on a serial line at 38400 baud, 1000 ms through a
    /// TCP device server.
    static func replyTimeout(_ link: LinkKind) -> Duration {
        link == .pty ? .milliseconds(500) : .milliseconds(1000)
    }

    /// Programs and starts; returns the START exchange as the driver reported it.
    static func startExpectingRunning(_ bench: DriverBench) async throws -> PumpExchange {
        let (_, running) = try await bench.programAndStart(try DriverBench.tocilizumabProgram())
        #expect(running.state == .running)
        #expect(running.volumeInfusedMl == 0)
        return try #require(bench.completedExchanges.last { $0.command == .start })
    }

    /// What the pump side saw of START: every STRT received was the identical bytes, executed once (one `running`).
    static func expectOneStartExecuted(_ bench: DriverBench, transmissions: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let trace = bench.simulator.trace
        let received = trace.received(.start)
        #expect(received.count == transmissions, "STRT frames received", sourceLocation: sourceLocation)
        #expect(Set(received.compactMap(\.frameText)).count == 1, "STRT retransmitted as identical bytes", sourceLocation: sourceLocation)
        #expect(bench.simulator.printedStates().filter { $0 == "running" }.count == 1, sourceLocation: sourceLocation)
        SessionRules.expectStartedOnce(bench, sourceLocation: sourceLocation)
    }

    @Test(arguments: LinkKind.allCases)
    func aLostStartReplyIsAnsweredFromTheCacheAndStartsOnce(link: LinkKind) async throws {
        let bench = try await DriverBench.start(link, ["--fault", "drop@STRT"])
        let start = try await Self.startExpectingRunning(bench)
        #expect(start.transmissions >= 2)
        #expect(start.retransmissionReasons.first == .noReply)
        #expect(start.duration >= Self.replyTimeout(link))
        await bench.finish()
        Self.expectOneStartExecuted(bench, transmissions: start.transmissions)
        // The reply was produced (and cached) once, dropped, then re-sent byte for byte from the cache.
        let replies = bench.simulator.trace.replies(to: .start)
        #expect(replies.first?.kind == "tx-dropped")
        #expect(replies.dropFirst().allSatisfy { $0.kind == "tx" })
        #expect(Set(replies.compactMap(\.frameText)).count == 1)
        #expect(replies.first?.frame?.kind == .ack)
    }

    @Test(arguments: LinkKind.allCases)
    func aCorruptedStartReplyIsRetransmittedAndStartsOnce(link: LinkKind) async throws {
        let bench = try await DriverBench.start(link, ["--fault", "corrupt@STRT"])
        let start = try await Self.startExpectingRunning(bench)
        #expect(start.transmissions >= 2)
        #expect(start.retransmissionReasons.first == .noReply)  // a damaged reply is no reply (§4.2)
        #expect(await bench.line.statistics.decodeErrors >= 1)
        await bench.finish()
        Self.expectOneStartExecuted(bench, transmissions: start.transmissions)
        // One reply went out damaged; a retransmission got the cached reply intact.
        #expect(bench.simulator.trace.records("tx-corrupted").count == 1)
        #expect(bench.simulator.trace.replies(to: .start).contains { $0.kind == "tx" && $0.frame?.kind == .ack })
    }

    @Test(arguments: LinkKind.allCases)
    func aStartReplyLaterThanTheDeadlineIsRetransmittedAndTheLateCopyIgnored(link: LinkKind) async throws {
        // Late by more than the reply timeout, with room for a busy machine: 1200 ms on the pty (500 ms timeout, so
        // transmissions at 0, 500 and 1000 ms), 2200 ms through TCP (1000 ms). Both stay inside the retry budget of
        // four transmissions. (With only 200-300 ms of lateness to spare, a test process starved of CPU polled after
        // the late reply had arrived and rightly took it: one transmission.)
        let lateness = link == .pty ? 1200 : 2200
        let bench = try await DriverBench.start(link, ["--fault", "slow=\(lateness),1@STRT"])
        let ignoredBefore = await bench.line.statistics.ignoredFrames
        let start = try await Self.startExpectingRunning(bench)
        #expect(start.transmissions >= 2)
        #expect(start.retransmissionReasons.first == .noReply)
        // Wait until the pump has sent the late original (the trace shows two STRT replies), then one more exchange:
        // its reply follows the late copy on the line, so the copy has been received and judged by then.
        let traced = await bench.simulator.errors.wait(within: 10) { lines -> Int? in
            let count = SimulatorTrace(lines: lines).replies(to: .start).filter { $0.kind == "tx" }.count
            return count >= 2 ? count : nil
        }
        #expect(traced != nil)
        #expect(try await bench.driver.status().state == .running)
        #expect(await bench.line.statistics.ignoredFrames >= ignoredBefore + 1)
        await bench.finish()
        Self.expectOneStartExecuted(bench, transmissions: start.transmissions)
    }

    @Test func aDuplicatedReplyIsIgnoredAndTheCommandRunsOnce() async throws {
        let bench = try await DriverBench.start(.pty, ["--speed", "60"])
        _ = try await Self.startExpectingRunning(bench)
        let ignoredBefore = await bench.line.statistics.ignoredFrames
        await bench.simulator.expectOK("duplicate 1")
        let paused = try await bench.driver.pause()
        #expect(paused.state == .paused)
        // The next reply follows the second copy on the line, so that copy has been received and judged by then.
        #expect(try await bench.driver.status().state == .paused)
        #expect(await bench.line.statistics.ignoredFrames >= ignoredBefore + 1)
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        let trace = bench.simulator.trace
        #expect(trace.replies(to: .pause).map(\.kind).prefix(2) == ["tx", "tx-duplicate"])
        #expect(Set(trace.received(.pause).compactMap(\.frameText)).count == 1)
        #expect(bench.simulator.printedStates() == ["programmed", "running", "paused", "idle"])
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
    }

    @Test func aGarbageBurstBetweenFramesIsSkippedAndPollingGoesOn() async throws {
        let bench = try await DriverBench.start(.pty, ["--speed", "60"])
        _ = try await Self.startExpectingRunning(bench)
        bench.startMonitor()
        let before = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })
        let decodeErrorsBefore = await bench.line.statistics.decodeErrors
        // 4096 random bytes: a `$` among them (all but certain: 1 − (255/256)^4096) starts candidates that fail.
        await bench.simulator.expectOK("garbage 4096")
        let after = try #require(await bench.skipStatuses(3))
        #expect(after.state == .running)
        #expect(after.volumeInfusedMl > before.volumeInfusedMl)
        #expect(await bench.line.statistics.decodeErrors > decodeErrorsBefore)
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        #expect(bench.simulator.trace.records("tx-garbage").count == 1)
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
    }

    @Test func aShortSilenceDegradesTheLinkWhichRecovers() async throws {
        let bench = try await DriverBench.start(.pty, ["--speed", "60"])
        _ = try await Self.startExpectingRunning(bench)
        let mark = bench.exchanges.count
        bench.startMonitor()
        _ = try #require(await bench.nextLink(.connected))
        let before = try #require(await bench.nextStatus { $0.state == .running })
        // 0.6 s: a poll's first transmission goes unheard, a retransmission is answered (4 would take 2 s).
        await bench.simulator.expectOK("silence 0.6")
        #expect(await bench.nextLink(.degraded) == .degraded)
        #expect(await bench.nextLink(.connected) == .connected)
        let after = try #require(await bench.nextStatus { _ in true })
        #expect(after.state == .running)
        #expect(after.volumeInfusedMl > before.volumeInfusedMl)
        SessionRules.expectOnlyQueries(bench, from: mark)
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        #expect(!bench.simulator.trace.records("rx-ignored").isEmpty)
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
    }

    @Test func aSilenceLongerThanTheRetriesLosesTheLinkWhichReconnectsWithoutCommanding() async throws {
        let bench = try await DriverBench.start(.pty, ["--speed", "60"])
        _ = try await Self.startExpectingRunning(bench)
        let mark = bench.exchanges.count
        bench.startMonitor()
        let before = try #require(await bench.nextStatus { $0.state == .running })
        // 3 s, longer than a request's 4 transmissions (2 s) but far inside the 30 s watchdog.
        await bench.simulator.expectOK("silence 3")
        let lost = try #require(await bench.nextLink(.lost(reason: "")))
        #expect(lost.description.contains("did not answer"))
        #expect(await bench.nextLink(.connected, within: 15) == .connected)
        let after = try #require(await bench.nextStatus { _ in true })
        #expect(after.state == .running)  // the pump never stopped: the watchdog was not reached
        #expect(after.volumeInfusedMl > before.volumeInfusedMl)
        #expect(after.bootId == bench.identity.bootId)
        #expect(!bench.updates.all.contains { if case .rebooted = $0 { true } else { false } })
        SessionRules.expectOnlyQueries(bench, from: mark)
        // Reconnecting is IDEN then STAT (docs/driver.md): the IDEN that was answered is followed by a STAT.
        let commands = bench.completedExchanges.map(\.command.rawValue)
        let answeredIdentify = try #require(commands.lastIndex(of: "IDEN"))
        #expect(commands.dropFirst(answeredIdentify + 1).first == "STAT")
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
    }

    /// A reply late but inside the reply timeout (§12) is waited for, not retransmitted: 200 ms late on the pty
    /// (500 ms timeout), 500 ms through TCP (1000 ms).
    @Test(arguments: LinkKind.allCases)
    func aStartReplyLateButInsideTheDeadlineIsNotRetransmitted(link: LinkKind) async throws {
        let lateness = link == .pty ? 200 : 500
        let bench = try await DriverBench.start(link, ["--fault", "slow=\(lateness),1@STRT"])
        let start = try await Self.startExpectingRunning(bench)
        #expect(start.transmissions == 1)
        #expect(start.retransmissionReasons == [])
        #expect(start.duration >= .milliseconds(lateness))
        await bench.finish()
        Self.expectOneStartExecuted(bench, transmissions: 1)
    }
}
