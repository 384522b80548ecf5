import Foundation
import PumpProtocol
import TestSupport
import Transport

/// A small pump that follows docs/protocol.md with the shared codec's pump-side helpers (`IncomingRequest`,
/// `ReplyCache`, `PumpCommand`): enough state (§10.2) to test the driver's behaviour end to end, and fault hooks to
/// lose replies, echo requests, alter the read-back, or restart.
///
/// It stands in for `pump-sim` (another branch) in the driver's own tests. It counts how many times each command was
/// executed, which is what "never executed twice" is checked against.
actor ModelPump {
    /// Every model pump runs on this thread, not on the cooperative pool: a pump answering a child process
    /// (`infusion pump ...`) must answer within the child's wall-clock timeouts however busy the suite is.
    static let executor = ThreadExecutor(name: "ModelPump")
    nonisolated var unownedExecutor: UnownedSerialExecutor { Self.executor.asUnownedSerialExecutor() }

    struct Unit {
        let address: PumpAddress
        var serial: String
        var boot: BootId
        var state: PumpState = .idle
        var program: PumpProgram?
        var token: ProgramToken?
        var started = false
        var cache = ReplyCache()
        var alarms: Set<PumpAlarm> = []
        var eventSequence = SequenceNumber.zero
    }

    private var units: [PumpAddress: Unit] = [:]
    private var end: (any ByteTransport)?
    private var decoder = FrameDecoder()
    private var serveTask: Task<Void, Never>?
    private var tokens: [UInt32]
    private var executions: [String: Int] = [:]
    private var watchers: [(key: String, count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var frameCount = 0
    /// Every valid request for one of its addresses, as on the wire without CR LF, in arrival order.
    private(set) var requestLog: [String] = []
    private var frameWatchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    /// Replies to lose, per command code: the request is executed (or answered from the cache) but the reply never
    /// leaves, as on a line that drops the pump's transmissions.
    var repliesToDrop: [CommandCode: Int] = [:]
    /// The protocol version IDEN reports.
    var protocolText = "1.0"
    /// Read-back fields to report instead of the stored ones (a pump that stored something else).
    var readbackOverride: [PayloadKey: String] = [:]
    /// Echo every byte received back to the line first, as many RS-485 adapters do.
    var echoes = false
    /// Hold replies until `releaseHeldReplies()`, to see whether a second request arrives meanwhile.
    private var holding = false
    private var heldReplies: [Frame] = []
    /// Requests that arrived while a held reply was still unsent: a client breaking stop-and-wait.
    private(set) var requestsWhileAnswerPending = 0

    init(addresses: [Int] = [1], boot: UInt32 = 0x5A3C_9E01, tokens: [UInt32] = [0x9F3B_0C2E, 0x1234_ABCD, 0x0BAD_F00D]) {
        for value in addresses {
            guard let address = PumpAddress(value) else { continue }
            units[address] = Unit(
                address: address, serial: value == 1 ? "SN-004217" : "SN-0042\(value)", boot: BootId(boot))
        }
        self.tokens = tokens
    }

    func set(drop count: Int, repliesTo code: CommandCode) { repliesToDrop[code] = count }
    func set(readback value: String, for key: PayloadKey) { readbackOverride[key] = value }
    func set(protocolText text: String) { protocolText = text }
    func set(echoes value: Bool) { echoes = value }
    func holdReplies() { holding = true }

    /// Sends the held replies and stops holding.
    func releaseHeldReplies() async {
        holding = false
        let replies = heldReplies
        heldReplies = []
        for reply in replies { try? await end?.write(reply.encoded()) }
    }
    func set(serial: String, address: Int = 1) {
        guard let address = PumpAddress(address) else { return }
        units[address]?.serial = serial
    }

    /// Serves requests arriving on `end` until it fails; a new end replaces the old one (a reconnected cable).
    func attach(_ newEnd: any ByteTransport) {
        serveTask?.cancel()
        end = newEnd
        decoder = FrameDecoder()
        serveTask = Task(executorPreference: Self.executor) { [weak self] in
            while !Task.isCancelled {
                let bytes: [UInt8]
                do {
                    bytes = try await newEnd.read(upTo: 512, timeout: .seconds(1))
                } catch {
                    return
                }
                await self?.received(bytes)
            }
        }
    }

    /// Stops serving (wakes its pending read at once, so the end can be closed without waiting for a read timeout).
    func detach() async {
        let task = serveTask
        serveTask = nil
        task?.cancel()
        await task?.value
        end = nil
    }

    /// Power cycle: a new boot identifier, no program, volumes zero, empty cache, event sequence 0000.
    func reboot(address value: Int = 1, newBoot: UInt32) {
        guard let address = PumpAddress(value), let old = units[address] else { return }
        units[address] = Unit(address: address, serial: old.serial, boot: BootId(newBoot))
    }

    /// The codes of the requests received so far (`IDEN`, `STAT`, ...).
    var requestCodes: [String] {
        requestLog.map { String($0.split(separator: "|")[3]) }
    }

    /// Raises an alarm and sends the event (§11); a running pump stops (state `alarm`).
    func raise(_ alarm: PumpAlarm, address value: Int = 1) async throws {
        guard let address = PumpAddress(value), var unit = units[address] else { return }
        unit.alarms.insert(alarm)
        if alarm.stopsMotor, unit.state == .running { unit.state = .alarm }
        let event = PumpEvent(alarm: alarm, status: try status(of: unit))
        let frame = event.frame(address: address, sequence: unit.eventSequence)
        unit.eventSequence = unit.eventSequence.next
        units[address] = unit
        try await end?.write(frame.encoded())
    }

    /// How many times `code` was executed at `address` (answers from the cache do not count).
    func executed(_ code: CommandCode, address: Int = 1) -> Int {
        executions["\(address)/\(code)"] ?? 0
    }

    /// Waits until `code` has been executed `count` times at `address`.
    func waitUntilExecuted(_ code: CommandCode, times count: Int = 1, address: Int = 1) async {
        let key = "\(address)/\(code)"
        if (executions[key] ?? 0) >= count { return }
        await withCheckedContinuation { watchers.append((key, count, $0)) }
    }

    /// Waits until `count` valid requests for any of its addresses have arrived (executed or not).
    func waitForRequests(_ count: Int) async {
        if frameCount >= count { return }
        await withCheckedContinuation { frameWatchers.append((count, $0)) }
    }

    func state(address value: Int = 1) -> PumpState? {
        PumpAddress(value).flatMap { units[$0]?.state }
    }

    // MARK: Serving

    private func received(_ bytes: [UInt8]) async {
        if echoes { try? await end?.write(bytes) }
        for output in decoder.feed(bytes) {
            for address in units.keys.sorted() {
                switch IncomingRequest(output, pumpAddress: address) {
                case .ignore:
                    continue
                case .damaged(let nak), .malformed(let nak):
                    try? await end?.write(nak.encoded())
                case .request(let frame):
                    await serve(frame, at: address)
                }
            }
        }
    }

    private func serve(_ request: Frame, at address: PumpAddress) async {
        guard let unit = units[address] else { return }
        requestLog.append(String(decoding: request.encoded().dropLast(2), as: UTF8.self))
        if !heldReplies.isEmpty { requestsWhileAnswerPending += 1 }
        let reply: Frame
        switch unit.cache.decide(for: request) {
        case .resend(let cached):
            reply = cached
        case .sequenceReused(let nak):
            reply = nak
        case .execute:
            let answer: PumpReply
            do {
                answer = try execute(PumpCommand(frame: request), at: address)
            } catch let error as MessageError {
                answer = .nak(error.nakReason)
            } catch {
                answer = .nak(.malformed)
            }
            reply = answer.frame(answering: request.header)
            units[address]?.cache.record(request: request, reply: reply)
            count("\(address.value)/\(request.code)")
        }
        frameCount += 1
        let ready = frameWatchers.filter { $0.count <= frameCount }
        frameWatchers.removeAll { $0.count <= frameCount }
        if let remaining = repliesToDrop[request.code], remaining > 0 {
            repliesToDrop[request.code] = remaining - 1
        } else if holding {
            heldReplies.append(reply)
        } else {
            try? await end?.write(reply.encoded())
        }
        for watcher in ready { watcher.continuation.resume() }
    }

    private func count(_ key: String) {
        executions[key, default: 0] += 1
        let total = executions[key] ?? 0
        let ready = watchers.filter { $0.key == key && $0.count <= total }
        watchers.removeAll { $0.key == key && $0.count <= total }
        for watcher in ready { watcher.continuation.resume() }
    }

    private func execute(_ command: PumpCommand, at address: PumpAddress) throws -> PumpReply {
        guard var unit = units[address] else { return .nak(.malformed) }
        defer { units[address] = unit }
        switch command {
        case .identify:
            guard let version = ProtocolVersion(wireText: protocolText) else { return .nak(.malformed) }
            return .ack(
                .identity(
                    try PumpIdentity(
                        model: "VP-1 Volumetric", serialNumber: unit.serial, firmwareVersion: "2.3.1",
                        protocolVersion: version, bootId: unit.boot)))
        case .getStatus:
            return .ack(.status(try status(of: unit)))
        case .setProgram(let program):
            guard unit.state == .idle || unit.state == .programmed else { return .nak(.wrongState(unit.state)) }
            unit.program = program
            unit.token = ProgramToken(tokens.isEmpty ? 0x0000_0001 : tokens.removeFirst())
            unit.started = false
            unit.state = .programmed
            return .ack(.none)
        case .readProgram:
            guard let program = unit.program, let token = unit.token else { return .nak(.wrongState(unit.state)) }
            var fields: [PayloadField] = [
                PayloadField(.rate, "\(program.rateMlPerHour)"), PayloadField(.vtbi, "\(program.vtbiMl)"),
                PayloadField(.drug, program.drugId), PayloadField(.conc, "\(program.concentrationMgPerMl)"),
                PayloadField(.wdog, "\(program.watchdogSeconds)"), PayloadField(.token, "\(token)"),
            ]
            fields = fields.map { field in readbackOverride[field.key].map { PayloadField(field.key, $0) } ?? field }
            let frame = try Frame(
                address: address, sequence: .zero, kind: .ack, code: .readProgram, fields: fields)
            return try PumpReply(frame: frame)
        case .start(let token):
            if unit.started, token == unit.token { return .nak(.tokenUsed) }
            guard unit.state == .programmed else { return .nak(.wrongState(unit.state)) }
            guard token == unit.token else { return .nak(.tokenMismatch) }
            let stopping = unit.alarms.filter(\.stopsMotor)
            guard stopping.isEmpty else { return .nak(.alarmActive(stopping)) }
            unit.state = .running
            unit.started = true
            return .ack(.status(try status(of: unit)))
        case .pause:
            guard unit.state == .running else { return .nak(.wrongState(unit.state)) }
            unit.state = .paused
            return .ack(.status(try status(of: unit)))
        case .resume:
            guard unit.state == .paused else { return .nak(.wrongState(unit.state)) }
            unit.state = .running
            return .ack(.status(try status(of: unit)))
        case .stop:
            unit.state = .idle
            unit.program = nil
            unit.token = nil
            unit.started = false
            return .ack(.status(try status(of: unit)))
        case .clearVolume:
            guard unit.state == .idle || unit.state == .programmed else { return .nak(.wrongState(unit.state)) }
            return .ack(.status(try status(of: unit)))
        case .acknowledgeAlarm:
            unit.alarms = unit.alarms.filter { !$0.stopsMotor }
            if unit.state == .alarm { unit.state = .paused }
            return .ack(.status(try status(of: unit)))
        case .keepAlive:
            return .ack(.none)
        }
    }

    private func status(of unit: Unit) throws -> PumpStatus {
        let rate: Decimal = unit.state == .running ? unit.program?.rateMlPerHour ?? 0 : 0
        let vtbi = unit.program?.vtbiMl ?? 0
        let remaining =
            unit.state == .idle || unit.state == .complete
            ? 0
            : PumpBehavior.timeRemainingSeconds(
                vtbiMl: vtbi, volumeInfusedMl: 0, rateMlPerHour: unit.program?.rateMlPerHour ?? 0)
        return try PumpStatus(
            state: unit.state, rateMlPerHour: rate, vtbiMl: vtbi, volumeInfusedMl: 0, kvoVolumeMl: 0,
            timeRemainingSeconds: remaining, batteryPercent: 87, alarms: unit.alarms, bootId: unit.boot)
    }
}
