import Foundation
import PumpDriver
import PumpProtocol
import Testing
import Transport

/// One test's bench: a real `pump-sim` (always with `--trace`), the line and driver the workflow would use against
/// it, the record of every exchange the driver reported (what the journal would store), and the monitor's updates.
///
/// Everything is waited on with deadlines (`Timeline`), never by sleeping. `finish()` stops the monitor, closes the
/// line and stops the simulator with SIGTERM, checking its clean exit.
final class DriverBench: @unchecked Sendable {
    let simulator: SimulatorChild
    let line: PumpLine
    let driver: PumpDriver
    /// Every exchange the driver reported to its observer, in the driver's order (intents and outcomes).
    let exchanges: Timeline<PumpExchange>
    /// Every update the monitor yielded, in order.
    let updates: Timeline<PumpUpdate>
    /// The identity IDEN reported at connection.
    let identity: PumpIdentity

    /// False for a second pump's bench on the same line (`joining`): its `finish()` leaves line and simulator alone.
    private let ownsLine: Bool
    private let lock = NSLock()
    private var monitorTask: Task<Void, Never>?
    private var cursor = 0

    /// Monitor timing for tests: a reconnection notices a recovered pump within a fraction of a second.
    static let testPolicy = MonitorPolicy(
        recoveryPolls: 3, reconnectBackoff: [.milliseconds(100), .milliseconds(200), .milliseconds(400)],
        reopenAfterSilentAttempts: 2)

    private init(
        simulator: SimulatorChild, line: PumpLine, driver: PumpDriver, exchanges: Timeline<PumpExchange>,
        identity: PumpIdentity, ownsLine: Bool
    ) {
        self.simulator = simulator
        self.line = line
        self.driver = driver
        self.exchanges = exchanges
        self.identity = identity
        self.ownsLine = ownsLine
        updates = Timeline<PumpUpdate>()
    }

    /// The pump's address as the simulator prints it (`1`).
    var address: Int { driver.address.value }

    /// Starts the simulator on `kind` with `arguments` (plus `--trace`), opens the line with the protocol's timing
    /// for that endpoint (500 ms reply timeout on a pty, 1000 ms through TCP), and connects (IDEN).
    static func start(_ kind: LinkKind, _ arguments: [String] = [], address: Int = 1) async throws -> DriverBench {
        let simulator = try await SimulatorChild.launch(kind, arguments + ["--trace"])
        let endpoint = simulator.endpoint
        let line = try await PumpLine.open(.endpoint(endpoint), timing: .protocolDefaults(for: endpoint))
        return try await connect(simulator: simulator, line: line, address: address, ownsLine: true)
    }

    /// A bench for another pump (`address`) on this bench's line and simulator (an RS-485 bus): its own driver,
    /// exchange record and monitor; its `finish()` stops only its monitor.
    func joining(address: Int) async throws -> DriverBench {
        try await Self.connect(simulator: simulator, line: line, address: address, ownsLine: false)
    }

    private static func connect(simulator: SimulatorChild, line: PumpLine, address: Int, ownsLine: Bool) async throws -> DriverBench {
        let exchanges = Timeline<PumpExchange>()
        let driver = PumpDriver(line: line, address: try #require(PumpAddress(address))) { exchange in
            exchanges.append(exchange)
        }
        let identity = try await driver.connect()
        return DriverBench(
            simulator: simulator, line: line, driver: driver, exchanges: exchanges, identity: identity, ownsLine: ownsLine)
    }

    /// The program of the issue: 100 mL at 100 mL/h of tocilizumab 5.6 mg/mL, with watchdog `watchdogSeconds`.
    static func tocilizumabProgram(watchdogSeconds: Int = 30) throws -> PumpProgram {
        try PumpProgram(
            rateMlPerHour: 100, vtbiMl: 100, drugId: "tocilizumab", concentrationMgPerMl: Decimal(sign: .plus, exponent: -1, significand: 56),
            watchdogSeconds: watchdogSeconds)
    }

    /// Programs, verifies and starts `program`; returns the verification and the status STRT returned.
    func programAndStart(_ program: PumpProgram) async throws -> (VerifiedProgram, PumpStatus) {
        let verified = try await driver.programAndVerify(program)
        let running = try await driver.start(verified)
        return (verified, running)
    }

    // MARK: Monitor

    /// Starts the monitor (STAT every `interval`) and records its updates.
    func startMonitor(every interval: Duration = .milliseconds(100), policy: MonitorPolicy = DriverBench.testPolicy) {
        let stream = driver.monitor(every: interval, policy: policy)
        let updates = updates
        let task = Task {
            for await update in stream { updates.append(update) }
            updates.finish()
        }
        lock.withLock { monitorTask = task }
    }

    /// Waits for the next update after the last one a `next...` call returned that satisfies `matches`.
    func nextUpdate(within seconds: Double = 10, where matches: @escaping @Sendable (PumpUpdate) -> Bool) async -> PumpUpdate? {
        let start = lock.withLock { cursor }
        guard let found = await updates.first(from: start, within: seconds, where: matches) else { return nil }
        lock.withLock { cursor = max(cursor, found.index + 1) }
        return found.item
    }

    /// Waits for the next status from the monitor that satisfies `matches`.
    func nextStatus(within seconds: Double = 10, where matches: @escaping @Sendable (PumpStatus) -> Bool) async -> PumpStatus? {
        let update = await nextUpdate(within: seconds) { update in
            if case .status(let status) = update { return matches(status) }
            return false
        }
        if case .status(let status) = update { return status }
        return nil
    }

    /// Waits for the next event from the monitor that satisfies `matches`.
    func nextEvent(within seconds: Double = 10, where matches: @escaping @Sendable (PumpEvent) -> Bool) async -> PumpEvent? {
        let update = await nextUpdate(within: seconds) { update in
            if case .event(let event) = update { return matches(event) }
            return false
        }
        if case .event(let event) = update { return event }
        return nil
    }

    /// Waits for the next link-health change of the same case as `health` (the reason of `lost` is not compared).
    func nextLink(_ health: LinkHealth, within seconds: Double = 10) async -> LinkHealth? {
        let update = await nextUpdate(within: seconds) { update in
            guard case .link(let seen) = update else { return false }
            switch (seen, health) {
            case (.connected, .connected), (.degraded, .degraded), (.lost, .lost): return true
            default: return false
            }
        }
        if case .link(let seen) = update { return seen }
        return nil
    }

    /// Skips past `count` further monitor statuses (each a full poll answered), so a test knows the driver had
    /// that many chances to act wrongly.
    func skipStatuses(_ count: Int, within seconds: Double = 10) async -> PumpStatus? {
        var last: PumpStatus?
        for _ in 0..<count {
            guard let status = await nextStatus(within: seconds, where: { _ in true }) else { return nil }
            last = status
        }
        return last
    }

    // MARK: What the driver saw

    /// The completed exchanges, in the driver's order.
    var completedExchanges: [PumpExchange] {
        exchanges.all.filter { $0.phase == .completed }
    }

    /// The status carried by a completed exchange's reply (STAT, STRT, PAUS, RESM, STOP, CLRV, ALAK ACKs).
    static func status(in exchange: PumpExchange) -> PumpStatus? {
        guard exchange.phase == .completed, case .reply(let text)? = exchange.outcome,
            let frame = try? Frame(decoding: Array((text + "\r\n").utf8)),
            case .ack(.status(let status))? = try? PumpReply(frame: frame)
        else { return nil }
        return status
    }

    /// The states of every status the driver received, in its order, with consecutive repeats merged.
    var driverStates: [PumpState] {
        Self.merged(completedExchanges.compactMap { Self.status(in: $0)?.state })
    }

    static func merged<T: Equatable>(_ values: [T]) -> [T] {
        var result: [T] = []
        for value in values where result.last != value { result.append(value) }
        return result
    }

    // MARK: Stopping

    /// Stops the monitor, closes the line, stops the simulator (SIGTERM) and checks its clean exit (only the monitor
    /// for a bench `joining` another).
    func finish(sourceLocation: SourceLocation = #_sourceLocation) async {
        let task = lock.withLock { monitorTask }
        task?.cancel()
        await task?.value
        guard ownsLine else { return }
        await line.close()
        await simulator.stopAndCheck(sourceLocation: sourceLocation)
    }
}
