import Foundation
import PumpDriver
import PumpProtocol
import Testing
import Transport

/// Records every `PumpExchange` a driver reports, in order.
actor ExchangeLog {
    private(set) var entries: [PumpExchange] = []

    func append(_ exchange: PumpExchange) {
        entries.append(exchange)
    }

    /// `intent SETP`, `completed SETP`, ... for checking order.
    var summary: [String] {
        entries.map { "\($0.phase.rawValue) \($0.command)" }
    }

    var completed: [PumpExchange] {
        entries.filter { $0.phase == .completed }
    }
}

/// Opens in-memory lines for a `LineOpener`: each open makes a new pipe whose pump end the test takes, and a test
/// can make the next opens fail (an adapter still unplugged).
actor MemoryLineFactory {
    private var pumpEnds: [MemoryTransport] = []
    private var waiters: [(index: Int, continuation: CheckedContinuation<MemoryTransport, Never>)] = []
    private var failuresToGive = 0
    private(set) var opens = 0
    let port: String

    init(port: String = "memory-line") {
        self.port = port
    }

    func failNextOpens(_ count: Int) {
        failuresToGive = count
    }

    func open() async throws(LineOpenError) -> any ByteTransport {
        if failuresToGive > 0 {
            failuresToGive -= 1
            throw .transport(.deviceMissing(port: port))
        }
        opens += 1
        let (driverEnd, pumpEnd) = await MemoryTransport.pair(port: port)
        pumpEnds.append(pumpEnd)
        let index = pumpEnds.count - 1
        let ready = waiters.filter { $0.index == index }
        waiters.removeAll { $0.index == index }
        for waiter in ready { waiter.continuation.resume(returning: pumpEnd) }
        return driverEnd
    }

    /// The pump end of the `index`-th opened pipe (0 = the first), once it exists.
    func pumpEnd(_ index: Int) async -> MemoryTransport {
        if index < pumpEnds.count { return pumpEnds[index] }
        return await withCheckedContinuation { waiters.append((index, $0)) }
    }

    nonisolated var opener: LineOpener {
        LineOpener(location: port) { () throws(LineOpenError) -> any ByteTransport in try await self.open() }
    }
}

/// The line timing of most tests: the protocol's 500 ms and 3 retransmissions, no wire time, no turnaround, so every
/// deadline is a round number on the manual clock.
let testTiming = PumpLinkTiming(
    replyTimeout: .milliseconds(500), retryCount: 3, interByteTimeout: .milliseconds(250), baudRate: nil,
    turnaround: .zero)

/// A driver on an in-memory line with a manual clock and an exchange log.
struct Harness {
    let clock: ManualClock
    let factory: MemoryLineFactory
    let line: PumpLine
    let driver: PumpDriver
    let log: ExchangeLog

    /// The pump end of the first pipe.
    func firstPumpEnd() async -> MemoryTransport { await factory.pumpEnd(0) }

    static func make(
        address: Int = 1, firstSequence: Int = 1, timing: PumpLinkTiming = testTiming
    ) async throws -> Harness {
        let clock = ManualClock()
        let factory = MemoryLineFactory()
        let line = try await PumpLine.open(factory.opener, timing: timing, clock: clock)
        let log = ExchangeLog()
        let sequence: SequenceNumber = try #require(SequenceNumber(firstSequence))
        let driver = PumpDriver(
            line: line, address: try #require(PumpAddress(address)), firstSequence: sequence,
            onExchange: { exchange in await log.append(exchange) })
        return Harness(clock: clock, factory: factory, line: line, driver: driver, log: log)
    }

    /// A harness whose pump end is played line by line by the test.
    static func scripted(
        address: Int = 1, firstSequence: Int = 1, timing: PumpLinkTiming = testTiming
    ) async throws -> (Harness, ScriptedPump) {
        let harness = try await make(address: address, firstSequence: firstSequence, timing: timing)
        return (harness, ScriptedPump(end: await harness.firstPumpEnd()))
    }

    /// A harness whose pump end is served by a `ModelPump`.
    static func model(
        _ pump: ModelPump, address: Int = 1, firstSequence: Int = 1, timing: PumpLinkTiming = testTiming
    ) async throws -> Harness {
        let harness = try await make(address: address, firstSequence: firstSequence, timing: timing)
        await pump.attach(await harness.firstPumpEnd())
        return harness
    }
}

/// The program of docs/protocol.md §14.1: 66.6 mL/h, 100 mL of tocilizumab at 5.6 mg/mL, watchdog 30 s.
func documentProgram() throws -> PumpProgram {
    try PumpProgram(
        rateMlPerHour: Decimal(sign: .plus, exponent: -1, significand: 666), vtbiMl: 100, drugId: "tocilizumab",
        concentrationMgPerMl: Decimal(sign: .plus, exponent: -1, significand: 56), watchdogSeconds: 30)
}

/// The driver error a command's task ended with, or nil when it succeeded (recorded as an issue by the caller's
/// expectations) or failed otherwise.
func driverError<T>(_ task: Task<T, any Error>) async -> PumpDriverError? {
    switch await task.result {
    case .success: return nil
    case .failure(let error): return error as? PumpDriverError
    }
}
