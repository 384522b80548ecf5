import Discovery
import Foundation
import Journal
import PumpDriver
import PumpProtocol
import TestSupport
import Testing
import Workflow

/// The bedside half against the real `pump-sim` process on a pseudo-terminal: program, start once, supervise,
/// alarms, restarts, and a START whose reply was lost, settled from the pump and never sent again.
@Suite(.timeLimit(.minutes(2)))
struct BedsidePumpTests {
    static let catalog: PumpProfileCatalog = {
        do { return try PumpProfileCatalog.load(path: RepositoryLayout.config("pumps.yaml").path) } catch { fatalError("\(error)") }
    }()

    /// A fixture at the bedside, a simulator at `speed`, and a session to it.
    func setUp(speed: Int = 600, serial: String = "SIM-WF-1", trace: Bool = false, faults: [String] = []) async throws -> (WorkflowFixture, SimulatorChild, PumpSession, String) {
        let fixture = try await WorkflowFixture.make()
        let link = fixture.directory.appendingPathComponent("pump").path
        let simulator = try await SimulatorChild.start(
            ["--link", link, "--speed", "\(speed)", "--serial", serial] + (trace ? ["--trace"] : []) + faults.flatMap { ["--fault", $0] })
        let id = try await fixture.atBedsideRA()
        let session = try await fixture.workflow.openPumpSession(id, endpoint: .port(link), address: nil, profile: "simulator", catalog: Self.catalog)
        return (fixture, simulator, session, id)
    }

    func runningLines(_ simulator: SimulatorChild) -> Int {
        simulator.output.filter { $0.hasPrefix("state 1 running") }.count
    }

    @Test func aWholeInfusionCompletesAndMatchesThePump() async throws {
        let (fixture, simulator, session, id) = try await setUp()
        defer { simulator.stop() }
        let programmed = try await fixture.workflow.program(id, session: session, nurse: "rn-liu")
        #expect(programmed.state == .programmed)
        #expect(programmed.pump?.serial == "SIM-WF-1")
        let started = try await fixture.workflow.start(id, session: session, nurse: "rn-liu")
        #expect(started.state == .infusing)
        #expect(started.startedAt != nil)
        let finished = try await fixture.workflow.supervise(id, session: session, every: .milliseconds(100))
        #expect(finished.state == .completed)
        // 100 mL bag: the pump reports exactly the VTBI delivered at completion.
        #expect(finished.volumeInfusedMl == 100)
        _ = try await simulator.waitForOutput { $0.hasPrefix("state 1 complete vi=100.000") }
        #expect(runningLines(simulator) == 1)
        let stopped = try await fixture.workflow.stop(id, session: session, nurse: "rn-liu")
        #expect(stopped.state == .completed)
        await session.close()
        let events = try await fixture.journal.entries().map(\.event)
        #expect(events.filter { $0 == "workflow.start" }.count == 1)
        #expect(events.filter { $0 == "workflow.start-requested" }.count == 1)
        #expect(events.contains("pump.kvo-stopped"))
        #expect(try await fixture.journal.verify().isIntact)
    }

    @Test func anAlarmPausesTheInfusionAndResumeContinuesTheSameProgram() async throws {
        let (fixture, simulator, session, id) = try await setUp(speed: 120)
        defer { simulator.stop() }
        try await fixture.workflow.program(id, session: session, nurse: "rn-liu")
        try await fixture.workflow.start(id, session: session, nurse: "rn-liu")
        let states = StateRecorder()
        let watching = Task { try await fixture.workflow.supervise(id, session: session, every: .milliseconds(100)) { await states.note($0) } }
        _ = try await simulator.waitForOutput { $0.hasPrefix("state 1 running") }
        try await simulator.control("fault door on")
        let alarm = try await simulator.waitForOutput { $0.hasPrefix("state 1 alarm") }
        // The workflow follows the pump into `paused` (alarm).
        try await states.waitFor(.paused)
        let frozen = try await fixture.workflow.record(id).volumeInfusedMl
        #expect(frozen > 0)
        await #expect(throws: WorkflowError.self) { try await fixture.workflow.resume(id, session: session, nurse: "rn-liu") }
        try await simulator.control("fault door off")
        let resumed = try await fixture.workflow.resume(id, session: session, nurse: "rn-liu")
        #expect(resumed.state == .infusing)
        _ = try await simulator.waitForOutput(after: alarm.index) { $0.hasPrefix("state 1 running") }
        let stopped = try await fixture.workflow.stop(id, session: session, nurse: "rn-liu")
        #expect(stopped.state == .stopped)
        watching.cancel()
        _ = await watching.result
        await session.close()
        // One START, one RESM: the pump ran twice, started once.
        let strt = try await fixture.journal.entries().filter { $0.event == "pump.exchange" && $0.data["command"] == .string("STRT") && $0.data["phase"] == .string("intent") }
        #expect(strt.count == 1)
        #expect(try await fixture.journal.entries().contains { $0.event == "workflow.alarm" && $0.data["alarms"] == .array(["door"]) })
    }

    @Test func aPumpRestartStopsTheInfusionAndSaysWhy() async throws {
        let (fixture, simulator, session, id) = try await setUp(speed: 120)
        defer { simulator.stop() }
        try await fixture.workflow.program(id, session: session, nurse: "rn-liu")
        try await fixture.workflow.start(id, session: session, nurse: "rn-liu")
        let watching = Task { try await fixture.workflow.supervise(id, session: session, every: .milliseconds(100)) }
        _ = try await simulator.waitForOutput { $0.hasPrefix("state 1 running") }
        try await simulator.control("reboot")
        let ended = try await watching.value
        await session.close()
        #expect(ended.state == .stopped)
        let stop = try #require(try await fixture.journal.entries().last { $0.event == "workflow.stop" })
        guard case .string(let reason)? = stop.data["reason"] else {
            Issue.record("the stop has no reason")
            return
        }
        #expect(reason.contains("restarted"))
        #expect(try await fixture.journal.entries().contains { $0.event == "pump.rebooted" })
        #expect(runningLines(simulator) == 1)
    }

    @Test func aStartWhoseRepliesAreLostIsSettledFromThePumpAndNeverSentAgain() async throws {
        // Every reply to STRT is lost: the first and the three retransmissions of the identical bytes.
        let (fixture, simulator, session, id) = try await setUp(speed: 120, trace: true, faults: ["drop=4@STRT"])
        defer { simulator.stop() }
        try await fixture.workflow.program(id, session: session, nurse: "rn-liu")
        do {
            try await fixture.workflow.start(id, session: session, nurse: "rn-liu")
            Issue.record("a START without any reply was reported as started")
        } catch {
            #expect(error.description.contains("UNKNOWN") || error.description.contains("unknown"))
        }
        #expect(try await fixture.workflow.record(id).startRequested)
        #expect(try await fixture.workflow.record(id).state == .programmed)
        // A second start is refused by the workflow: nothing is sent.
        await #expect(throws: WorkflowError.self) { try await fixture.workflow.start(id, session: session, nurse: "rn-liu") }
        // Supervision reads the pump: it runs, so the START executed; the journal records it as reconciled.
        let states = StateRecorder()
        let watching = Task { try await fixture.workflow.supervise(id, session: session, every: .milliseconds(100)) { await states.note($0) } }
        try await states.waitFor(.infusing)
        let start = try #require(try await fixture.journal.entries().last { $0.event == "workflow.start" })
        #expect(start.data["reconciled"] == .bool(true))
        try await fixture.workflow.stop(id, session: session, nurse: "rn-liu")
        _ = try await watching.value
        await session.close()
        // The simulator executed one START; every STRT frame it received had the same bytes (retransmissions).
        #expect(runningLines(simulator) == 1)
        let received = simulator.errorOutput.filter { $0.contains("|CMD|STRT|") }
        #expect(!received.isEmpty)
        let sequences = Set(received.compactMap { line -> String? in
            guard let start = line.range(of: "|CMD|STRT|") else { return nil }
            return String(line[..<start.lowerBound].suffix(4))
        })
        #expect(sequences.count == 1, "STRT sent with several sequence numbers: \(received)")
    }

    @Test func theBagIsStartedOnlyOnThePumpItWasProgrammedOn() async throws {
        let (fixture, simulator, session, id) = try await setUp()
        defer { simulator.stop() }
        try await fixture.workflow.program(id, session: session, nurse: "rn-liu")
        await session.close()
        let otherLink = fixture.directory.appendingPathComponent("other-pump").path
        let other = try await SimulatorChild.start(["--link", otherLink, "--speed", "600", "--serial", "SIM-OTHER"])
        defer { other.stop() }
        let wrong = try await fixture.workflow.openPumpSession(id, endpoint: .port(otherLink), address: 1, profile: "simulator", catalog: Self.catalog)
        do {
            try await fixture.workflow.start(id, session: wrong, nurse: "rn-liu")
            Issue.record("started on another pump")
        } catch {
            #expect(error.description.contains("SIM-OTHER"))
        }
        await wrong.close()
        #expect(other.output.filter { $0.hasPrefix("state") }.isEmpty)
        #expect(try await fixture.workflow.record(id).state == .programmed)
    }
}

/// The preparation states supervision reported, awaited with a deadline (an event, not a sleep).
actor StateRecorder {
    private var seen: [PreparationState] = []
    private var waiters: [(PreparationState, CheckedContinuation<Void, any Error>)] = []

    func note(_ update: SupervisionUpdate) {
        guard case .status(_, let record) = update else { return }
        seen.append(record.state)
        let ready = waiters.filter { $0.0 == record.state }
        waiters.removeAll { $0.0 == record.state }
        for waiter in ready { waiter.1.resume() }
    }

    func waitFor(_ state: PreparationState, deadlineSeconds: Double = 30) async throws {
        if seen.contains(state) { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            waiters.append((state, continuation))
            DispatchQueue.global().asyncAfter(deadline: .now() + deadlineSeconds) {
                Task { await self.expire(state) }
            }
        }
    }

    private func expire(_ state: PreparationState) {
        let expired = waiters.filter { $0.0 == state }
        waiters.removeAll { $0.0 == state }
        for waiter in expired { waiter.1.resume(throwing: SimulatorChild.Timeout(description: "supervision never reported \(state) (saw \(seen))")) }
    }
}
