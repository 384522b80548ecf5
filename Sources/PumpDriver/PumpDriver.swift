import PumpProtocol

/// One pump at one address on a `PumpLine`: every command of docs/protocol.md §7 as an async method, with per-pump
/// sequence numbers, reply deadlines, retransmission of identical bytes, typed refusals, reboot detection, and the
/// only path to START (program, read back, compare every field, then start with the read-back token).
///
/// Commands to one pump run one at a time in call order (a command's intent, its transmissions and its outcome report
/// are never interleaved with another command's). The driver never starts, resumes or repeats a state-changing
/// command by itself: after an unknown outcome it throws, and the caller learns the truth with `status()`.
/// It knows nothing of preparations or patients; the workflow decides what to program and when to start.
public actor PumpDriver {
    /// The line the pump is on (possibly shared with other pumps).
    public nonisolated let line: PumpLine
    /// The pump's address on the line.
    public nonisolated let address: PumpAddress
    /// Distinguishes this driver's verified programs from another driver's.
    nonisolated let driverId: UInt64

    let onExchange: (@Sendable (PumpExchange) async throws -> Void)?
    var nextSequence: SequenceNumber

    /// The identity from the first accepted IDEN (model, serial, firmware, protocol); nil before `connect()`.
    public private(set) var identity: PumpIdentity?
    /// The boot identifier last seen in IDEN, a status or an event; nil before `connect()`.
    public private(set) var bootId: BootId?
    /// True once IDEN has confirmed a supported pump (and, after a reconnection, the same one).
    public private(set) var isConnected = false

    /// The token of the latest program read back and compared, while nothing may have replaced it since.
    private var verifiedToken: ProgramToken?
    /// Tokens whose START was sent and succeeded or has an unknown outcome: never sent again.
    private var attemptedTokens: Set<ProgramToken> = []

    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates the driver for the pump at `address` on `line`.
    ///
    /// - Parameters:
    ///   - firstSequence: the first request's sequence number; random by default (docs/protocol.md §5.2), so a
    ///     restarted controller is unlikely to reuse the number of the pump's cached request.
    ///   - onExchange: called, and awaited, with an intent before every state-changing request and with every
    ///     request's outcome; journal it durably here. If it throws for an intent, the request is not sent; if it
    ///     throws for an outcome, the command fails with `notRecorded` (the caller must stop commanding).
    public init(
        line: PumpLine, address: PumpAddress, firstSequence: SequenceNumber? = nil,
        onExchange: (@Sendable (PumpExchange) async throws -> Void)? = nil
    ) {
        self.line = line
        self.address = address
        self.onExchange = onExchange
        nextSequence = firstSequence ?? SequenceNumber(Int.random(in: SequenceNumber.range)) ?? .zero
        driverId = UInt64.random(in: .min ... .max)
    }

    /// True for the commands that can change a pump's state; they are reported as an intent before being sent.
    public static func changesState(_ command: CommandCode) -> Bool {
        [.setProgram, .start, .pause, .resume, .stop, .clearVolume, .acknowledgeAlarm].contains(command)
    }

    /// `pump 01 on /dev/pts/3`.
    public func name() async -> String {
        "pump \(address) on \(await line.port)"
    }

    /// The events this pump sends, from now on (point-to-point links only).
    public nonisolated func events() async -> AsyncStream<PumpEvent> {
        await line.events(for: address)
    }

    // MARK: Identity

    /// Sends IDEN, as first request on every connection (docs/protocol.md §7.2): refuses a pump whose protocol major
    /// version is not 1 (and then sends it nothing else), records the serial number and boot identifier.
    ///
    /// Throws `pumpRebooted` when the boot identifier differs from the one recorded earlier, `differentPump` when the
    /// serial number differs from the one at the first connection.
    @discardableResult
    public func connect() async throws(PumpDriverError) -> PumpIdentity {
        await acquire()
        defer { release() }
        let result = try await handshake()
        if let reboot = result.reboot {
            throw .pumpRebooted(pump: await name(), previous: reboot.previous, current: reboot.current, status: nil)
        }
        return result.identity
    }

    /// IDEN at any time, with the same checks as `connect()`.
    @discardableResult
    public func identify() async throws(PumpDriverError) -> PumpIdentity {
        try await connect()
    }

    struct Handshake {
        let identity: PumpIdentity
        let reboot: (previous: BootId, current: BootId)?
    }

    /// IDEN and its checks; the caller holds the driver.
    func handshake() async throws(PumpDriverError) -> Handshake {
        let performed = try await perform(.identify)
        guard case .identity(let identity) = performed.data else {
            throw .undecodableReply(
                pump: await name(), command: .identify, reply: performed.replyText, detail: "no identity in the reply")
        }
        guard identity.protocolVersion.isSupported else {
            isConnected = false
            throw .unsupportedProtocol(pump: await name(), version: identity.protocolVersion)
        }
        if let expected = self.identity, expected.serialNumber != identity.serialNumber {
            isConnected = false
            throw .differentPump(
                pump: await name(), expectedSerial: expected.serialNumber, foundSerial: identity.serialNumber)
        }
        if self.identity == nil { self.identity = identity }
        let reboot = adoptBoot(identity.bootId)
        isConnected = true
        return Handshake(identity: identity, reboot: reboot)
    }

    /// Records `observed` as the current boot; returns the change when it differs from the recorded one. A restart
    /// invalidates every verified program and every token.
    func adoptBoot(_ observed: BootId) -> (previous: BootId, current: BootId)? {
        guard let known = bootId, known != observed else {
            bootId = observed
            return nil
        }
        bootId = observed
        verifiedToken = nil
        attemptedTokens.removeAll()
        return (known, observed)
    }

    // MARK: Commands

    /// STAT: the pump's status (docs/protocol.md §9). Polling it also feeds the pump's watchdog.
    public func status() async throws(PumpDriverError) -> PumpStatus {
        try await statusCommand(.getStatus)
    }

    /// SETP: stores a program (the pump draws a new token, revealed only by READ). Prefer `programAndVerify(_:)`,
    /// the only path that leads to START.
    public func setProgram(_ program: PumpProgram) async throws(PumpDriverError) {
        await acquire()
        defer { release() }
        try await requireConnected(.setProgram)
        verifiedToken = nil
        _ = try await perform(.setProgram(program))
    }

    /// READ: the stored program and its token, as the pump stored them.
    public func readProgram() async throws(PumpDriverError) -> ProgramReadback {
        await acquire()
        defer { release() }
        try await requireConnected(.readProgram)
        return try await readBack()
    }

    /// PAUS: pauses a running infusion; returns the status after it.
    public func pause() async throws(PumpDriverError) -> PumpStatus {
        try await statusCommand(.pause)
    }

    /// RESM: resumes a paused infusion (the same program, no new START); returns the status after it.
    public func resume() async throws(PumpDriverError) -> PumpStatus {
        try await statusCommand(.resume)
    }

    /// STOP: stops the motor and discards the program and its token; returns the status after it.
    public func stop() async throws(PumpDriverError) -> PumpStatus {
        try await statusCommand(.stop)
    }

    /// CLRV: sets the volume counters to zero (idle or programmed); returns the status after it.
    public func clearVolume() async throws(PumpDriverError) -> PumpStatus {
        try await statusCommand(.clearVolume)
    }

    /// ALAK: acknowledges the raised alarms; returns the status after it.
    public func acknowledgeAlarms() async throws(PumpDriverError) -> PumpStatus {
        try await statusCommand(.acknowledgeAlarm)
    }

    /// KEEP: feeds the pump's watchdog and nothing else.
    public func keepAlive() async throws(PumpDriverError) {
        await acquire()
        defer { release() }
        try await requireConnected(.keepAlive)
        _ = try await perform(.keepAlive)
    }

    /// A command whose ACK is a status; checks the boot identifier it carries.
    private func statusCommand(_ command: PumpCommand) async throws(PumpDriverError) -> PumpStatus {
        await acquire()
        defer { release() }
        try await requireConnected(command.code)
        if command == .stop { verifiedToken = nil }
        let status = try await status(from: perform(command), command: command.code)
        if let reboot = adoptBoot(status.bootId) {
            throw .pumpRebooted(pump: await name(), previous: reboot.previous, current: reboot.current, status: status)
        }
        return status
    }

    // MARK: Program, verify, start: the only path to START

    /// SETP, READ, then compares every field of the read-back with `program` as exact values, then STAT to confirm
    /// the pump is `programmed` under the boot identifier recorded at connection (a restart before SETP would
    /// otherwise go unnoticed: SETP and READ carry no boot identifier). Only then returns the `VerifiedProgram` that
    /// `start(_:)` needs. A mismatch throws `readbackMismatch` naming each field and both values; nothing is started.
    public func programAndVerify(_ program: PumpProgram) async throws(PumpDriverError) -> VerifiedProgram {
        await acquire()
        defer { release() }
        try await requireConnected(.setProgram)
        verifiedToken = nil
        _ = try await perform(.setProgram(program))
        return try await verifyStored(program)
    }

    /// READ, compare every field with `expected`, then STAT, without SETP: for a start in a later session (always
    /// read the program back again before START).
    public func verify(_ expected: PumpProgram) async throws(PumpDriverError) -> VerifiedProgram {
        await acquire()
        defer { release() }
        try await requireConnected(.readProgram)
        verifiedToken = nil
        return try await verifyStored(expected)
    }

    private func verifyStored(_ expected: PumpProgram) async throws(PumpDriverError) -> VerifiedProgram {
        let readback = try await readBack()
        let mismatches = ReadbackMismatch.compare(sent: expected, readBack: readback.program)
        guard mismatches.isEmpty else { throw .readbackMismatch(pump: await name(), mismatches: mismatches) }
        let status = try await status(from: perform(.getStatus), command: .getStatus)
        if let reboot = adoptBoot(status.bootId) {
            throw .pumpRebooted(pump: await name(), previous: reboot.previous, current: reboot.current, status: status)
        }
        guard status.state == .programmed else { throw .notStartable(pump: await name(), state: status.state) }
        verifiedToken = readback.token
        return VerifiedProgram(
            program: readback.program, token: readback.token, bootId: status.bootId, address: address,
            driverId: driverId)
    }

    /// STRT with the token of `verified`; returns the status after it (state `running`).
    ///
    /// Refused without sending anything when `verified` comes from another driver, from before a restart, or from
    /// before a newer SETP/STOP/verification; and when a START with this token was already sent (started, or outcome
    /// unknown). A lost reply is retransmitted only as the identical bytes, which the pump answers from its reply
    /// cache without executing again; START is never resent with a new sequence number. After every transmission
    /// fails the error says the outcome is unknown: read `status()` (`running`: it executed; `programmed` with the
    /// same boot identifier: it did not) and program again for a new token if needed.
    public func start(_ verified: VerifiedProgram) async throws(PumpDriverError) -> PumpStatus {
        await acquire()
        defer { release() }
        try await requireConnected(.start)
        guard verified.driverId == driverId, verified.address == address else {
            throw .staleVerification(pump: await name(), detail: "it was verified by another driver or for another pump")
        }
        guard let bootId, verified.bootId == bootId else {
            let now = bootId.map { "\($0)" } ?? "unknown"
            throw .staleVerification(
                pump: await name(), detail: "it was verified under boot \(verified.bootId); the pump's boot is now \(now)")
        }
        guard !attemptedTokens.contains(verified.token) else {
            throw .startAlreadyAttempted(pump: await name(), token: verified.token)
        }
        guard verifiedToken == verified.token else {
            throw .staleVerification(
                pump: await name(), detail: "the pump was programmed, stopped or verified again since")
        }
        attemptedTokens.insert(verified.token)
        verifiedToken = nil
        let performed: Performed
        do throws(PumpDriverError) {
            performed = try await perform(.start(verified.token))
        } catch {
            // A NAK proves the pump did not execute this START; anything else leaves the token spent. After a refusal
            // that leaves the stored program as it was (alarms raised, sequence reused) the same verification may be
            // used again once the cause is fixed; after any other the program must be read back again.
            if let reason = error.refusal, reason != .tokenUsed {
                attemptedTokens.remove(verified.token)
                switch reason {
                case .alarmActive, .sequenceReused: verifiedToken = verified.token
                default: break
                }
            }
            throw error
        }
        let status = try await status(from: performed, command: .start)
        if let reboot = adoptBoot(status.bootId) {
            throw .pumpRebooted(pump: await name(), previous: reboot.previous, current: reboot.current, status: status)
        }
        return status
    }

    // MARK: Helpers

    private func readBack() async throws(PumpDriverError) -> ProgramReadback {
        let performed = try await perform(.readProgram)
        guard case .program(let readback) = performed.data else {
            throw .undecodableReply(
                pump: await name(), command: .readProgram, reply: performed.replyText, detail: "no program in the reply")
        }
        return readback
    }

    func status(from performed: Performed, command: CommandCode) async throws(PumpDriverError) -> PumpStatus {
        guard case .status(let status) = performed.data else {
            throw .undecodableReply(
                pump: await name(), command: command, reply: performed.replyText, detail: "no status in the reply")
        }
        return status
    }

    func requireConnected(_ command: CommandCode) async throws(PumpDriverError) {
        guard isConnected else { throw .notConnected(pump: await name(), command: command) }
    }

    /// Holds the driver for one command (FIFO), so commands to this pump never interleave.
    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
