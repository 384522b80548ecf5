import Foundation
import Journal
import PumpDriver
import TestSupport
import Testing
import Workflow

/// The wall clock stepped by hours mid-infusion. Intervals and timeouts run on the monotonic clock (the driver's
/// `ContinuousClock`, the monitor's poll interval); records carry what the injected UTC `WallClock` said, even when it
/// went backwards. The journal accepts an entry whose time is earlier than its predecessor's: its order is the
/// sequence number and the hash chain, and the time is the wall clock's testimony, recorded as given (refusing it
/// would stop a running infusion's records because of a time correction).
@Suite("Controller faults: the wall clock stepped mid-infusion", .serialized, .timeLimit(.minutes(5)))
struct ClockStepTests {
    /// 2026-11-26T08:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_795_680_000)
    static let fiveHours: TimeInterval = 5 * 3600

    /// A bag at the bedside, a pump-sim at `speed` on a pty, and a session through a workflow on `clock`.
    struct Bench {
        let directory: URL
        let environment: WorkflowEnvironment
        let workflow: Workflow
        let simulator: SimulatorChild
        let session: PumpSession
        let id: String

        static func make(_ clock: ClockSteppingWallClock, speed: Int) async throws -> Bench {
            let directory = try RepositoryLayout.temporaryDirectory("clock")
            let environment = try SoakBedside.environment(watchdogSeconds: 30, in: directory)
            let workflow = try await environment.openWorkflow(clock: clock)
            let id = try await SoakBedside.bagAtTheBedside(workflow, patient: "PAT-C", tag: "C")
            let link = directory.appendingPathComponent("pump").path
            let simulator = try await SimulatorChild.start(["--link", link, "--speed", "\(speed)", "--serial", "SIM-CLOCK"])
            let session = try await workflow.openPumpSession(
                id, endpoint: .port(link), address: nil, profile: "simulator", catalog: environment.pumps)
            return Bench(directory: directory, environment: environment, workflow: workflow, simulator: simulator, session: session, id: id)
        }

        /// Closes the session, the simulator and the journal; removes the files unless `keepingFiles`.
        func finish(keepingFiles: Bool = false) async {
            await session.close()
            simulator.stop()
            try? await workflow.journal.close()
            if !keepingFiles { try? FileManager.default.removeItem(at: directory) }
        }
    }

    @Test("supervision across a +5 h and a -5 h step: completes on time, polls at its interval, records what the clock said")
    func supervisionIgnoresWallClockSteps() async throws {
        let clock = ClockSteppingWallClock(Self.start)
        // 100 mL at 100 mL/h = 3600 simulated s = 6.0 wall s at speed 600.
        let bench = try await Bench.make(clock, speed: 600)
        let firstSupervised = try await bench.workflow.journal.entries().count + 1
        try await bench.workflow.program(bench.id, session: bench.session, nurse: "rn-liu")
        let began = ContinuousClock.now
        try await bench.workflow.start(bench.id, session: bench.session, nurse: "rn-liu")
        let statuses = StatusCounter()
        let finished = try await bench.workflow.supervise(bench.id, session: bench.session, every: .milliseconds(100)) { update in
            guard case .status = update else { return }
            switch await statuses.next() {
            case 10: clock.step(by: Self.fiveHours)
            case 30: clock.step(by: -Self.fiveHours)
            default: break
            }
        }
        let elapsed = ContinuousClock.now - began
        await bench.finish(keepingFiles: true)
        defer { try? FileManager.default.removeItem(at: bench.directory) }

        #expect(finished.state == .completed)
        #expect(finished.volumeInfusedMl == 100)
        let seen = await statuses.count
        #expect(seen > 30, "both steps happened mid-infusion only after 30 statuses; saw \(seen)")
        // Neither early nor hung: the pump needs 6.0 s; supervision ends at the first poll after completion.
        #expect(elapsed >= .seconds(6) && elapsed < .seconds(20), "supervision took \(elapsed)")

        let journal = try Journal.openForAudit(at: bench.environment.journalPath)
        let entries = try await journal.entries()
        #expect(try await journal.verify().isIntact, "a journal with a backwards time step does not verify")
        try await journal.close()
        let supervised = Array(entries.dropFirst(firstSupervised - 1))
        // No link trouble: a wall-clock step neither expired a reply deadline nor a poll.
        // (The monitor reports `connected` once as it begins; anything else would be a deadline expired.)
        let trouble = supervised.filter { $0.event == "pump.link" && $0.data["health"] != .string("connected") }
        #expect(trouble.isEmpty, "\(trouble.map(\.data))")
        // Polls at the monotonic interval: a poll timed on the stepped clock would either spin (+5 h) or stall (-5 h).
        let polls = supervised.filter { $0.event == "pump.exchange" && $0.data["command"] == .string("STAT") }.count
        let elapsedTenths = Int(elapsed.components.seconds * 10) + 1
        #expect(polls >= 30 && polls <= elapsedTenths + 10, "\(polls) STAT polls in \(elapsed)")
        for entry in supervised where entry.event == "pump.exchange" {
            if case .number(let milliseconds)? = entry.data["durationMs"] {
                #expect(milliseconds < 2000, "an exchange recorded as taking \(milliseconds) ms")
            }
        }
        // Every recorded time is one the wall clock returned (to the millisecond), and the steps show as steps.
        let said = Set(clock.readings.compactMap { JournalTimestamp($0)?.millisecondsSince1970 })
        for entry in supervised {
            #expect(said.contains(entry.time.millisecondsSince1970), "entry \(entry.sequenceNumber) at \(entry.time) was not what the clock said")
        }
        let gaps = zip(supervised, supervised.dropFirst()).map {
            Double($1.time.millisecondsSince1970 - $0.time.millisecondsSince1970) / 1000
        }
        #expect(gaps.filter { $0 > Self.fiveHours - 60 }.count == 1, "forward steps: \(gaps.filter { abs($0) > 60 })")
        #expect(gaps.filter { $0 < -(Self.fiveHours - 60) }.count == 1, "backward steps: \(gaps.filter { abs($0) > 60 })")
        #expect(gaps.filter { abs($0) > 60 }.count == 2)
        let complete = try #require(supervised.last { $0.event == "workflow.complete" })
        let startEntry = try #require(supervised.last { $0.event == "workflow.start" })
        // The completion is recorded at the clock's (stepped back) time: after the start by seconds, not hours.
        #expect(abs(complete.time.millisecondsSince1970 - startEntry.time.millisecondsSince1970) < 600_000)
    }

    @Test("the driver's reply deadlines run on the monotonic clock: a silent pump fails after 4 x 507.552 ms whatever the wall clock does",
          arguments: [ClockStepTests.fiveHours, -ClockStepTests.fiveHours])
    func replyDeadlinesIgnoreTheWallClock(stepEveryReading: TimeInterval) async throws {
        let clock = ClockSteppingWallClock(Self.start)
        let bench = try await Bench.make(clock, speed: 60)
        try await bench.workflow.program(bench.id, session: bench.session, nurse: "rn-liu")
        let before = try #require(try await bench.workflow.journal.entries().last)
        try await bench.simulator.control("silence 30")
        clock.stepEveryReading(by: stepEveryReading)
        let began = ContinuousClock.now
        do {
            _ = try await bench.workflow.supervise(bench.id, session: bench.session, every: .milliseconds(100))
            Issue.record("supervision of a silent pump succeeded")
        } catch {
            #expect(error.description.contains("4 transmissions"), "\(error)")
        }
        let elapsed = ContinuousClock.now - began
        let entries = try await bench.workflow.journal.entries()
        await bench.finish()
        // 500 ms reply timeout at 38400 baud plus the 29-byte STAT request's wire time (290 bits / 38400 = 7.552 ms),
        // four transmissions (docs/driver.md): 2030.208 ms.
        #expect(elapsed >= .milliseconds(2030) && elapsed < .milliseconds(3500), "the silent STAT failed after \(elapsed)")
        let outcome = try #require(entries.last { $0.event == "pump.exchange" && $0.data["command"] == .string("STAT") })
        guard case .number(let milliseconds)? = outcome.data["durationMs"] else {
            Issue.record("the STAT outcome has no duration: \(outcome.data)")
            return
        }
        #expect(milliseconds >= 2030 && milliseconds < 3500, "recorded duration \(milliseconds) ms")
        // Meanwhile the wall clock moved by hours between the entries around it.
        let moved = Double(outcome.time.millisecondsSince1970 - before.time.millisecondsSince1970) / 1000
        #expect(abs(moved) >= Self.fiveHours, "the wall clock moved only \(moved) s")
        #expect(outcome.data["transmissions"] == .number(4))
    }
}

/// Counts the statuses supervision reported (the progress callback is `@Sendable`).
actor StatusCounter {
    private(set) var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}
