import Discovery
import Foundation
import Journal
import Monograph
import Preparation
import PumpDriver
import PumpProtocol
import Scanning
import TestSupport
import Workflow

/// One cell's bedside: a real journal and workflow with a preparation at the bedside, a real `pump-sim` (always with
/// `--trace`) on a pty or TCP, the nurse's pump session, and records a test waits on with deadlines (every journal
/// entry the workflow confirmed, every status and what the watch displays).
final class MatrixBench: @unchecked Sendable {
    static let nurse = "rn-matrix"
    /// The supervision poll period; the site's is 1 s, 200 ms keeps the cells short (still far inside wdog/3).
    static let pollInterval = Duration.milliseconds(200)

    let cell: MatrixCell
    let directory: URL
    let journal: Journal
    let workflow: Workflow
    let simulator: SimulatorChild
    let endpoint: PumpEndpointSpec
    let id: String
    /// Every entry the workflow wrote, as the journal confirmed it.
    let entries: Timeline<JournalEntry>
    /// Every status supervision read.
    let statuses = Timeline<PumpStatus>()
    /// What a nurse watching sees: `link ...`, `ALARMS: ...`, `PUMP RESTARTED ...`, `record/pump` states.
    let display = Timeline<String>()

    private let lock = NSLock()
    private var currentSession: PumpSession
    private var supervision: Task<Void, Never>?

    private init(cell: MatrixCell, directory: URL, journal: Journal, workflow: Workflow, simulator: SimulatorChild,
                 endpoint: PumpEndpointSpec, id: String, session: PumpSession, entries: Timeline<JournalEntry>) {
        self.cell = cell
        self.entries = entries
        self.directory = directory
        self.journal = journal
        self.workflow = workflow
        self.simulator = simulator
        self.endpoint = endpoint
        self.id = id
        self.currentSession = session
    }

    var session: PumpSession { lock.withLock { currentSession } }

    /// A fresh journal and workflow, a preparation taken to the bedside, the simulator with `rules`, and a session.
    static func start(_ cell: MatrixCell, rules: [String], watchdogSeconds: Int) async throws -> MatrixBench {
        let directory = try RepositoryLayout.temporaryDirectory("matrix")
        let journal = try Journal.openVerified(at: directory.appendingPathComponent("journal.sqlite").path)
        let site = SiteConfiguration(timeZone: MatrixConfiguration.timeZone, pumpPollSeconds: 1, pumpWatchdogSeconds: watchdogSeconds)
        let workflow = try await Workflow.open(
            journal: journal, monograph: MatrixConfiguration.monograph, products: MatrixConfiguration.products, site: site,
            clock: MatrixWallClock(), makeId: { "P-MATRIX-1" })
        let entries = Timeline<JournalEntry>()
        await workflow.observeJournal { written in for entry in written { entries.append(entry) } }
        let endpointArguments = cell.link == .pty ? ["--link", directory.appendingPathComponent("pump").path] : ["--tcp", "0"]
        // A reply fault while completing must hit a STAT reply. With events on, the pump's `complete` event ends
        // supervision before the next poll, and the armed fault never reaches the wire (measured: the cell then tested
        // nothing). Without events the controller learns of completion only from its 1 Hz STAT poll, whose reply the
        // fault hits.
        let events = cell.state == .completing && cell.fault.isLineFault ? ["--events", "off"] : []
        let simulator = try await SimulatorChild.start(
            endpointArguments + ["--speed", "\(cell.state.speed)", "--serial", "SIM-MATRIX", "--trace"] + events
                + rules.flatMap { ["--fault", $0] })
        let endpoint: PumpEndpointSpec
        if let address = simulator.tcpAddress {
            endpoint = .tcp(address)
        } else {
            endpoint = .port(directory.appendingPathComponent("pump").path)
        }
        let id = try await MatrixConfiguration.bringToBedside(workflow)
        let session = try await workflow.openPumpSession(
            id, endpoint: endpoint, address: nil, profile: "simulator", catalog: MatrixConfiguration.catalog)
        let bench = MatrixBench(cell: cell, directory: directory, journal: journal, workflow: workflow, simulator: simulator,
                                endpoint: endpoint, id: id, session: session, entries: entries)
        return bench
    }

    // MARK: Supervision

    /// Starts the workflow's supervision of the current session in the background (what `infusion watch` runs).
    func startSupervision() {
        let (workflow, id, session, statuses, display) = (workflow, id, session, statuses, display)
        let task = Task {
            _ = try? await workflow.supervise(id, session: session, every: Self.pollInterval) { update in
                switch update {
                case .status(let status, let record):
                    statuses.append(status)
                    let alarms = status.alarms.map(\.rawValue).sorted()
                    display.append(alarms.isEmpty ? "\(record.state.rawValue)/\(status.state.rawValue)" : "ALARMS: \(alarms.joined(separator: ", "))")
                case .link(let health):
                    display.append("link \(health)")
                case .rebooted(let previous, let current):
                    display.append("PUMP RESTARTED (boot \(previous) -> \(current))")
                }
            }
        }
        lock.withLock { supervision = task }
    }

    /// Ends supervision (as a nurse closing the watch) and waits for it to finish.
    func stopSupervision() async {
        let task = lock.withLock { () -> Task<Void, Never>? in
            defer { supervision = nil }
            return supervision
        }
        task?.cancel()
        await task?.value
    }

    /// Closes the session and opens a new one to the recorded pump, as the next `infusion` command would.
    func reopenSession() async throws {
        await session.close()
        if simulator.tcpAddress != nil {
            // A device server takes one client at a time and closes a second at once: wait until it has seen the old
            // connection go (as many `disconnected` or `unplugged` lines as `connected` ones), or the new IDEN races
            // the close (measured: "disconnected ... during IDEN" in one run of three).
            while true {
                let lines = simulator.output
                let open = lines.filter { $0.hasPrefix("connected ") }.count
                    - lines.filter { $0 == "disconnected" || $0 == "unplugged" }.count
                if open <= 0 { break }
                _ = try await simulator.waitForOutput(after: lines.count, deadlineSeconds: 10) { $0 == "disconnected" }
            }
        }
        let fresh = try await workflow.openPumpSession(id, endpoint: nil, address: nil, profile: "simulator", catalog: MatrixConfiguration.catalog)
        lock.withLock { currentSession = fresh }
    }

    // MARK: Waiting

    /// Waits until the journal entries from `mark` on contain `events` in this order (see `MatrixExpectation.journal`).
    func waitForJournal(_ events: [String], after mark: Int, within seconds: Double = 40) async -> Bool {
        if events.isEmpty { return true }
        return await entries.wait(within: seconds) { all -> Bool? in
            Self.containsInOrder(events, Array(all.dropFirst(mark))) ? true : nil
        } ?? false
    }

    /// Waits for a status that satisfies `predicate`, from index `mark` on.
    func waitForStatus(after mark: Int = 0, within seconds: Double = 30, _ predicate: @escaping @Sendable (PumpStatus) -> Bool) async -> PumpStatus? {
        await statuses.first(from: mark, within: seconds, where: predicate)?.item
    }

    /// Waits for the simulator's trace to show a record of `kind` (`tx-duplicate`, `tx-garbage`).
    func waitForTrace(_ kind: String, within seconds: Double = 20) async -> Bool {
        (try? await simulator.waitForErrorOutput(deadlineSeconds: seconds) { Self.traceKind(of: $0) == kind }) != nil
    }

    /// The journal's view of `entries`, `pump.link` qualified by its health's first word.
    static func journalEvents(_ entries: [JournalEntry]) -> [String] {
        entries.compactMap { entry in
            if entry.event == "pump.exchange" { return nil }
            if entry.event == "pump.link", case .string(let health)? = entry.data["health"] {
                return "pump.link \(health.prefix { $0 != " " && $0 != ":" })"
            }
            if entry.event == "workflow.start", entry.data["reconciled"] == .bool(true) { return "workflow.start (reconciled)" }
            return entry.event
        }
    }

    static func containsInOrder(_ wanted: [String], _ entries: [JournalEntry]) -> Bool {
        var remaining = wanted[...]
        for event in journalEvents(entries) where remaining.first.map({ event == $0 || event.hasPrefix($0 + " ") }) == true {
            remaining = remaining.dropFirst()
        }
        return remaining.isEmpty
    }

    /// The kind of a `--trace` record (`+0.591779 rx $01|...`).
    static func traceKind(of line: String) -> String? {
        let words = line.split(separator: " ", maxSplits: 2)
        return words.count >= 2 && words[0].hasPrefix("+") ? String(words[1]) : nil
    }

    // MARK: The end

    /// Stops the simulator and closes the journal.
    func finish() async {
        await stopSupervision()
        await session.close()
        simulator.stop()
        try? await journal.close()
    }
}
