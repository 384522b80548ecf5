import PumpProtocol
import Transport

/// One serial line (a tty, a pseudo-terminal or a TCP connection) and everything on it: the transport, the frame
/// decoder, the one outstanding request, and the event streams of the pumps that share it.
///
/// Several `PumpDriver`s at distinct addresses may share one line (RS-485 multi-drop), so the line, not the driver,
/// enforces stop-and-wait (docs/protocol.md §5.1): at most one request is outstanding on the whole line, and a request
/// holds the line through all its retransmissions. A reply is accepted only when it matches the outstanding request
/// exactly (address, sequence, code, kind `ACK`/`NAK`); echoes, late and duplicate replies and replies for other
/// pumps are counted and ignored; `EVT` frames go to the addressed pump's event stream. Timing (reply deadline,
/// inter-byte timeout, turnaround) uses the injected clock only.
public actor PumpLine {
    /// The injected clock shared with the drivers on this line.
    public nonisolated let clock: DriverClock
    /// Reply timeout, retransmissions, inter-byte timeout, line speed.
    public nonisolated let timing: PumpLinkTiming
    /// Where the line is, as given (a path, `tcp://...`, an adapter identity).
    public nonisolated let location: String

    private let opener: LineOpener
    private var transport: (any ByteTransport)?
    /// Why the line is down, while it is; nil while up.
    private var downReason: String?
    private var closedForGood = false
    /// Increases on every successful (re)open, so a driver reopens only a line nobody reopened since its failure.
    public private(set) var generation = 0
    /// The port as the current (or last) transport names it.
    public private(set) var port: String
    /// What was received and not used.
    public private(set) var statistics = LineStatistics()

    private var readerTask: Task<Void, Never>?
    private var decoder = FrameDecoder()
    private var partialFrameTimer: Task<Void, Never>?
    private var receivedChunks = 0

    private var lineHeld = false
    private var lineWaiters: [CheckedContinuation<Void, Never>] = []
    private var pending: PendingRequest?
    private var nextWaitId = 0
    private var lastReplyAt: Duration?

    private var subscribers: [PumpAddress: [Int: AsyncStream<PumpEvent>.Continuation]] = [:]
    private var nextSubscriberId = 0

    private init(opener: LineOpener, timing: PumpLinkTiming, clock: DriverClock) {
        self.opener = opener
        self.timing = timing
        self.clock = clock
        location = opener.location
        port = opener.location
        downReason = "not opened yet"
    }

    /// Opens the line with `opener` and starts receiving. The opener is kept to reopen the line after a loss.
    public static func open(
        _ opener: LineOpener, timing: PumpLinkTiming, clock: any Clock<Duration> = ContinuousClock()
    ) async throws(LineOpenError) -> PumpLine {
        let line = PumpLine(opener: opener, timing: timing, clock: DriverClock(clock))
        try await line.reopen(ifGeneration: nil)
        return line
    }

    /// Opens `location` (see `LineOpener.location(_:options:findAdapter:)`).
    public static func open(
        _ location: PumpLocation, timing: PumpLinkTiming, clock: any Clock<Duration> = ContinuousClock(),
        options: TransportOptions = TransportOptions()
    ) async throws(LineOpenError) -> PumpLine {
        try await open(LineOpener.location(location, options: options), timing: timing, clock: clock)
    }

    /// True while a transport is open and has not failed.
    public var isUp: Bool { downReason == nil }

    /// False once the owner closed the line for good.
    public var canReopen: Bool { !closedForGood }

    /// Closes the transport for good and ends every event stream. Idempotent.
    public func close() async {
        closedForGood = true
        deliver(.transportFailed("the line was closed by its owner"))
        await shutDownTransport(reason: "closed by its owner")
        for streams in subscribers.values {
            for continuation in streams.values { continuation.finish() }
        }
        subscribers = [:]
    }

    /// Closes the current transport and opens a new one with the opener, unless the line was already reopened since
    /// `seen` (another driver on the line got there first) and is up. Waits for the outstanding request, so it never
    /// cuts a request short.
    public func reopen(ifGeneration seen: Int?) async throws(LineOpenError) {
        await acquireLine()
        defer { releaseLine() }
        guard !closedForGood else { throw .closed(location: location) }
        if let seen, seen != generation, downReason == nil { return }
        await shutDownTransport(reason: "reopening")
        let opened = try await opener.open()
        install(opened)
    }

    /// The events `address` sends, from now on (docs/protocol.md §11). Events are delivered as they arrive; the
    /// status stays authoritative (an event may be lost: its sequence then has a gap).
    public func events(for address: PumpAddress) -> AsyncStream<PumpEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: PumpEvent.self, bufferingPolicy: .bufferingNewest(64))
        let id = nextSubscriberId
        nextSubscriberId += 1
        subscribers[address, default: [:]][id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(address: address, id: id) }
        }
        return stream
    }

    private func unsubscribe(address: PumpAddress, id: Int) {
        subscribers[address]?[id] = nil
    }

    // MARK: One request

    /// Sends `request` and waits for the reply that matches it, retransmitting the identical bytes on a missed
    /// deadline or `NAK crc` up to `timing.retryCount` times (docs/protocol.md §5.4). Holds the line throughout, so
    /// no other request (to any pump on the line) is sent meanwhile. Not cancellable once the first byte is written:
    /// the caller must learn how the request ended.
    func transact(_ request: Frame) async -> LineTransaction {
        await acquireLine()
        defer { releaseLine() }
        let bytes = request.encoded()
        let started = clock.now
        var transmissions = 0
        var reasons: [RetransmissionReason] = []
        func result(_ outcome: LineTransaction.Outcome) -> LineTransaction {
            LineTransaction(
                outcome: outcome, transmissions: transmissions, reasons: reasons, elapsed: clock.now - started,
                port: port)
        }
        guard let transport, downReason == nil else {
            return result(.notSent(downReason ?? "the line is down"))
        }
        pending = PendingRequest(header: request.header)
        defer { pending = nil }
        for _ in 0...timing.retryCount {
            if pending?.arrived == nil {
                await waitForTurnaround()
                await stopReader()
                do {
                    try await transport.write(bytes)
                } catch {
                    lineFailed(error.description)
                    return result(.transportFailed(error.description))
                }
                transmissions += 1
                startReader()
            }
            let deadline = clock.now + timing.replyTimeout + timing.wireTime(byteCount: bytes.count)
            switch await waitForReply(until: deadline) {
            case .reply(let frame) where Self.isDamagedRequestNak(frame):
                lastReplyAt = clock.now
                reasons.append(.damagedRequest)
            case .reply(let frame):
                lastReplyAt = clock.now
                return result(.reply(frame))
            case .timedOut:
                reasons.append(.noReply)
            case .transportFailed(let detail):
                return result(.transportFailed(detail))
            }
        }
        return result(.unanswered)
    }

    private static func isDamagedRequestNak(_ frame: Frame) -> Bool {
        frame.kind == .nak && frame.value(for: .reason) == NakReason.badCrc.code
    }

    /// RS-485 turnaround (§12): the client waits a little after a reply's LF before its next request.
    private func waitForTurnaround() async {
        guard let lastReplyAt, timing.turnaround > .zero else { return }
        let earliest = lastReplyAt + timing.turnaround
        if clock.now < earliest { try? await clock.sleep(until: earliest) }
    }

    private func waitForReply(until deadline: Duration) async -> WaitResult {
        if let arrived = pending?.arrived {
            pending?.arrived = nil
            return arrived
        }
        let waitId = nextWaitId
        nextWaitId += 1
        let clock = clock
        return await withCheckedContinuation { (continuation: CheckedContinuation<WaitResult, Never>) in
            pending?.waiter = (waitId, continuation)
            pending?.timer = Task { [weak self] in
                do {
                    try await clock.sleep(until: deadline)
                } catch {
                    return
                }
                await self?.deadlinePassed(waitId: waitId)
            }
        }
    }

    private func deadlinePassed(waitId: Int) {
        guard let waiter = pending?.waiter, waiter.id == waitId else { return }
        pending?.waiter = nil
        pending?.timer = nil
        waiter.continuation.resume(returning: .timedOut)
    }

    private func deliver(_ result: WaitResult) {
        guard pending != nil else { return }
        if let waiter = pending?.waiter {
            pending?.waiter = nil
            pending?.timer?.cancel()
            pending?.timer = nil
            waiter.continuation.resume(returning: result)
        } else if pending?.arrived == nil {
            pending?.arrived = result
        }
    }

    // MARK: Receiving

    private func install(_ opened: any ByteTransport) {
        generation += 1
        transport = opened
        port = opened.portDescription
        downReason = nil
        decoder = FrameDecoder()
        lastReplyAt = nil
        startReader()
    }

    /// Reads continuously, so replies and events are decoded as they arrive and nothing waits in the kernel.
    private func startReader() {
        guard readerTask == nil, let opened = transport, downReason == nil else { return }
        let generation = generation
        readerTask = Task { [weak self] in
            while !Task.isCancelled {
                let bytes: [UInt8]
                do throws(TransportError) {
                    bytes = try await opened.read(upTo: WireFormat.maximumFrameLength, timeout: .seconds(1))
                } catch {
                    await self?.readFailed(error, generation: generation)
                    return
                }
                guard let self else { return }
                if !bytes.isEmpty { await self.received(bytes, generation: generation) }
            }
        }
    }

    /// Stops the reader and waits until it has handed over what it read. A transport runs its calls one at a time
    /// on its own thread, so a read blocked in poll() would hold up a write until its timeout; cancelling the read
    /// wakes it at once. Bytes arriving meanwhile wait in the kernel for the next read.
    private func stopReader() async {
        guard let task = readerTask else { return }
        readerTask = nil
        task.cancel()
        await task.value
    }

    private func shutDownTransport(reason: String) async {
        readerTask?.cancel()
        readerTask = nil
        partialFrameTimer?.cancel()
        partialFrameTimer = nil
        if let transport { await transport.close() }
        transport = nil
        downReason = reason
    }

    private func readFailed(_ error: TransportError, generation: Int) {
        guard generation == self.generation, downReason == nil else { return }
        if case .cancelled = error { return }
        lineFailed(error.description)
    }

    /// The transport failed: the line is down until reopened, and a waiting request learns it at once.
    private func lineFailed(_ detail: String) {
        guard downReason == nil else { return }
        downReason = detail
        readerTask?.cancel()
        readerTask = nil
        deliver(.transportFailed(detail))
    }

    private func received(_ bytes: [UInt8], generation: Int) {
        guard generation == self.generation, downReason == nil else { return }
        receivedChunks += 1
        for output in decoder.feed(bytes) {
            switch output {
            case .frame(let frame): route(frame)
            case .error: statistics.decodeErrors += 1
            }
        }
        partialFrameTimer?.cancel()
        partialFrameTimer = nil
        guard decoder.hasPartialFrame else { return }
        let chunk = receivedChunks
        let deadline = clock.now + timing.interByteTimeout
        let clock = clock
        partialFrameTimer = Task { [weak self] in
            do {
                try await clock.sleep(until: deadline)
            } catch {
                return
            }
            await self?.interByteTimeoutPassed(chunk: chunk)
        }
    }

    /// §4.1: no byte for the inter-byte timeout abandons the partial frame, so the rest of a frame interrupted by a
    /// long gap can never be joined to it.
    private func interByteTimeoutPassed(chunk: Int) {
        guard chunk == receivedChunks else { return }
        if decoder.abandonPartialFrame() != nil { statistics.abandonedPartialFrames += 1 }
    }

    private func route(_ frame: Frame) {
        switch frame.kind {
        case .event:
            guard let event = try? PumpEvent(frame: frame) else {
                statistics.undecodableEvents += 1
                return
            }
            statistics.eventsReceived += 1
            if let streams = subscribers[frame.address] {
                for continuation in streams.values { continuation.yield(event) }
            }
        case .ack, .nak:
            guard let current = pending, !current.answered, frame.header.answers(current.header) else {
                statistics.ignoredFrames += 1
                return
            }
            if Self.isDamagedRequestNak(frame) {
                // Only a transmission being waited for is retransmitted; a stray NAK crc (for an earlier copy of the
                // request) must not use up a retransmission.
                guard current.waiter != nil else {
                    statistics.ignoredFrames += 1
                    return
                }
            } else {
                pending?.answered = true
            }
            deliver(.reply(frame))
        case .command:
            statistics.ignoredFrames += 1
        }
    }

    // MARK: The line as a lock

    private func acquireLine() async {
        guard lineHeld else {
            lineHeld = true
            return
        }
        await withCheckedContinuation { lineWaiters.append($0) }
    }

    private func releaseLine() {
        if lineWaiters.isEmpty {
            lineHeld = false
        } else {
            lineWaiters.removeFirst().resume()
        }
    }
}

/// The request outstanding on a line, and its reply once one matches.
private struct PendingRequest {
    let header: FrameHeader
    /// A reply (or failure) that arrived while no one was waiting (during a write).
    var arrived: WaitResult?
    var waiter: (id: Int, continuation: CheckedContinuation<WaitResult, Never>)?
    var timer: Task<Void, Never>?

    /// True once the reply (anything but `NAK crc`) was taken: a second copy of it is a duplicate and is ignored.
    var answered = false

    init(header: FrameHeader) {
        self.header = header
    }
}

/// How waiting for one transmission's reply ended.
private enum WaitResult: Sendable {
    case reply(Frame)
    case timedOut
    case transportFailed(String)
}
