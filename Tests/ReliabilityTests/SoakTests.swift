import Foundation
import Journal
import PumpDriver
import TestSupport
import Testing
import Workflow

/// Back-to-back infusions through the in-process Workflow against ONE long-running `pump-sim` at 3600x (an hour of
/// infusion per wall second), each with a seeded random fault, until the simulator's clock has run `SOAK_HOURS`
/// simulated hours (default 24). Every bag goes ordered -> ... -> atBedside -> programmed -> infusing -> completed (or
/// stopped after a fault, and the next one is ordered).
///
/// Fails on a stuck infusion (one that does not end within `infusionBoundSeconds`), a pump left running between bags,
/// or a journal that does not verify (checked after every infusion). Resident memory of this process and of pump-sim
/// is sampled after every infusion and reported; it fails only on an obvious leak (bounds below).
@Suite("Soak: simulated hours of back-to-back infusions with seeded faults", .serialized, .timeLimit(.minutes(60)))
struct SoakTests {
    /// The simulator's clock factor: its maximum, an hour per wall second.
    static let speed = 3600
    /// A wall-time bound per infusion. A fault-free bag needs 1 s (100 mL at 100 mL/h at 3600x); the slowest fault,
    /// an unplug, adds the reconnection (1 s unplugged plus the monitor's back-off). 60 s on a loaded 2-core CI
    /// machine is far beyond any legitimate infusion and still fails a stuck one in a minute.
    static let infusionBoundSeconds = 60.0
    /// Growth of pump-sim's resident memory over the whole soak that is an obvious leak: its buffers are bounded by
    /// design (512-byte receive, 64 KiB transmit, docs/simulator.md), so 16 MiB is hundreds of times what they can hold.
    static let simulatorLeakBoundKiB = 16 * 1024
    /// Growth of this process's resident memory that is an obvious leak: the workflow legitimately keeps one small
    /// record per preparation (a few KiB each); 256 MiB over a soak of about 30 bags is a leak of megabytes per bag.
    static let controllerLeakBoundKiB = 256 * 1024

    /// The faults a bag can meet, as pump-sim control lines (docs/simulator.md).
    enum Fault: CaseIterable, CustomStringConvertible {
        case none, occlusionDown, occlusionUp, air, door, silence, garbage, unplug, drop, corrupt, duplicate, slow, reboot

        /// The cause of a motor-stopping alarm, for the alarm faults.
        var cause: String? {
            switch self {
            case .occlusionDown: "occdn"
            case .occlusionUp: "occup"
            case .air: "air"
            case .door: "door"
            default: nil
            }
        }

        /// The control line of a line fault (or the reboot).
        var controlLine: String? {
            switch self {
            case .silence: "silence 2"
            case .garbage: "garbage 300"
            case .unplug: "unplug 1"
            case .drop: "drop 1"
            case .corrupt: "corrupt 2"
            case .duplicate: "duplicate 2"
            case .slow: "slow 700 1"
            case .reboot: "reboot"
            default: nil
            }
        }

        var description: String { cause.map { "fault \($0)" } ?? controlLine ?? "none" }
    }

    /// How one bag ended.
    struct Infusion {
        let fault: Fault
        let nurseStopped: Bool
        let state: PreparationState
        let wallSeconds: Double
    }

    @Test("simulated hours of back-to-back infusions: none stuck, every journal verifies, memory flat")
    func soak() async throws {
        let environment = ProcessInfo.processInfo.environment
        let hours = environment["SOAK_HOURS"].flatMap(Double.init) ?? 24
        let seed = environment["SOAK_SEED"].flatMap(UInt64.init) ?? 20261126
        var random = SplitMix64(seed: seed)

        let directory = try RepositoryLayout.temporaryDirectory("soak")
        defer { try? FileManager.default.removeItem(at: directory) }
        let setting = try SoakBedside.environment(watchdogSeconds: 30, in: directory)
        let workflow = try await setting.openWorkflow()
        let link = directory.appendingPathComponent("pump").path
        let simulator = try await SimulatorChild.start(["--link", link, "--speed", "\(Self.speed)", "--serial", "SIM-SOAK"])
        let simulatorStarted = ContinuousClock.now
        defer { simulator.stop() }
        let simulatorPid = try #require(SoakMemory.simulatorPid(linkPath: link), "pump-sim's pid not found")

        var infusions: [Infusion] = []
        var controllerMemory = SoakMemory()
        var simulatorMemory = SoakMemory()
        var simulatedHours: Double {
            let wall = ContinuousClock.now - simulatorStarted
            return (Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18) * Double(Self.speed) / 3600
        }
        while simulatedHours < hours {
            let number = infusions.count + 1
            let fault = Fault.allCases[Int(random.next() % UInt64(Fault.allCases.count))]
            let thresholdMl = Decimal(10 + Int(random.next() % 41))
            let nurseStops = random.next() % 2 == 0
            let began = ContinuousClock.now
            let task = Task {
                try await Self.infuse(number, fault: fault, thresholdMl: thresholdMl, nurseStops: nurseStops,
                                      workflow: workflow, environment: setting, simulator: simulator, link: link)
            }
            let state = try await SoakObserver.value(of: task, within: Self.infusionBoundSeconds, "infusion \(number) (\(fault))")
            let wall = ContinuousClock.now - began
            infusions.append(Infusion(fault: fault, nurseStopped: nurseStops && fault.cause != nil, state: state,
                                      wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18))
            // Between bags the pump is idle: nothing left running, nothing stuck in an alarm.
            _ = try await simulator.control("status")
            let status = try #require(simulator.output.last { $0.hasPrefix("status 1 ") })
            #expect(status.hasPrefix("status 1 idle") && status.contains("alarms= "), "after infusion \(number) (\(fault)): \(status)")
            #expect(try await workflow.journal.verify().isIntact, "the journal does not verify after infusion \(number)")
            controllerMemory.samples.append(SoakMemory.residentKiB() ?? 0)
            simulatorMemory.samples.append(SoakMemory.residentKiB(simulatorPid) ?? 0)
        }
        let soakWall = ContinuousClock.now - simulatorStarted
        let entries = try await workflow.journal.entries().count
        try await workflow.journal.close()

        #expect(infusions.allSatisfy { $0.state == .completed || $0.state == .stopped }, "\(infusions.map(\.state))")
        #expect(infusions.allSatisfy { $0.state == .completed || $0.fault == .reboot || $0.nurseStopped },
                "a bag ended stopped without a reboot or a nurse's stop: \(infusions.filter { $0.state == .stopped })")
        #expect(simulatorMemory.last - simulatorMemory.first < Self.simulatorLeakBoundKiB, "pump-sim: \(simulatorMemory.summary)")
        #expect(controllerMemory.last - controllerMemory.first < Self.controllerLeakBoundKiB, "controller: \(controllerMemory.summary)")

        let faults = Dictionary(grouping: infusions, by: \.fault.description).map { "\($0.key) x\($0.value.count)" }.sorted()
        let report = """
            Command: `SOAK_HOURS=\(Self.plain(hours)) SOAK_SEED=\(seed) bash scripts/soak` (measured \(Self.today())).

            | Figure | Value |
            |---|---|
            | Simulated time | \(String(format: "%.2f", simulatedHours)) h at --speed \(Self.speed), \(String(format: "%.1f", Double(soakWall.components.seconds))) s wall |
            | Infusions | \(infusions.count): \(infusions.filter { $0.state == .completed }.count) completed, \(infusions.filter { $0.state == .stopped }.count) stopped (\(infusions.filter(\.nurseStopped).count) by the nurse after an alarm, \(infusions.filter { $0.fault == .reboot }.count) by a pump restart) |
            | Faults (seed \(seed)) | \(faults.joined(separator: ", ")) |
            | Longest infusion (wall) | \(String(format: "%.2f", infusions.map(\.wallSeconds).max() ?? 0)) s (bound \(Int(Self.infusionBoundSeconds)) s) |
            | Journal | \(entries) entries, verified intact after every infusion |
            | Controller RSS (this process) | \(controllerMemory.summary) |
            | pump-sim RSS | \(simulatorMemory.summary) |
            """
        print(report)
        if let path = environment["SOAK_REPORT"] {
            try report.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// One bag from order to its end; returns the preparation's final state.
    static func infuse(
        _ number: Int, fault: Fault, thresholdMl: Decimal, nurseStops: Bool, workflow: Workflow,
        environment: WorkflowEnvironment, simulator: SimulatorChild, link: String
    ) async throws -> PreparationState {
        let id = try await SoakBedside.bagAtTheBedside(workflow, patient: "PAT-\(number)", tag: "K\(number)")
        let session = try await workflow.openPumpSession(id, endpoint: .port(link), address: nil, profile: "simulator", catalog: environment.pumps)
        do {
            try await workflow.program(id, session: session, nurse: "rn-liu")
            try await workflow.start(id, session: session, nurse: "rn-liu")
            let observer = SoakObserver()
            let watching = Task {
                try await workflow.supervise(id, session: session, every: .milliseconds(100)) { await observer.note($0) }
            }
            if fault != .none {
                try await observer.wait("infusion \(number): \(thresholdMl) mL infused", seconds: 30) { volume, state in
                    volume >= thresholdMl || state?.isTerminal == true
                }
            }
            if let cause = fault.cause {
                try await simulator.control("fault \(cause) on")
                try await observer.wait("infusion \(number): paused by the \(cause) alarm", seconds: 30) { _, state in state == .paused }
                try await simulator.control("fault \(cause) off")
                try await workflow.resume(id, session: session, nurse: "rn-liu")
                if nurseStops { try await workflow.stop(id, session: session, nurse: "rn-liu") }
            } else if let line = fault.controlLine {
                try await simulator.control(line)
            }
            var record = try await watching.value
            if record.state == .completed {
                // End the keep-vein-open flow so the pump is idle for the next bag.
                record = try await workflow.stop(id, session: session, nurse: "rn-liu")
            }
            await session.close()
            try await simulator.control("battery 100")
            return record.state
        } catch {
            await session.close()
            throw error
        }
    }

    static func plain(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func today() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date())
    }
}
