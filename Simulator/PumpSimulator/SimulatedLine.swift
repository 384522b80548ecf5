import Foundation
import PumpProtocol

/// A serial line with one or more simulated pumps on it: the receiver (one `FrameDecoder` for the line, as every
/// pump on an RS-485 bus hears every byte), the line faults, the scenario rules and the transmit schedule.
///
/// Pure like the pumps: the executable feeds it received bytes, control commands and the time, and transmits what it
/// returns. Every state change, alarm and executed command is reported as a `SimulatorReport`.
public struct SimulatedLine: Sendable {
    /// The pumps, by ascending address.
    public internal(set) var pumps: [SimulatedPump]
    /// The instant the line has been brought up to.
    public internal(set) var now: SimulationInstant

    var decoder = FrameDecoder()
    var lastByteWall: Int64 = 0
    var faults = LineFaults()
    var rules: RuleBook
    var generator: any RandomNumberGenerator & Sendable
    /// Frames and bursts waiting for their wall due time, in due order.
    var scheduled: [Scheduled] = []
    var scheduleCounter = 0
    /// Output being collected by the current call.
    var output = LineOutput()

    /// A chunk of bytes to transmit at a wall time.
    struct Scheduled: Sendable {
        let dueWall: Int64
        let order: Int
        let bytes: [UInt8]
        /// The pump that sends it (nil for garbage): a reboot cancels what the pump had not yet sent.
        let source: PumpAddress?
        let trace: String
    }

    /// Longest simulated step between two checks of thresholds and scenario rules.
    static let maximumSimulatedStep: Int64 = 1_000_000_000
    /// Longest wall step between two checks of wall-time rules and line timers.
    static let maximumWallStep: Int64 = 100_000_000
    /// Bytes waiting to be transmitted are capped (the client is not reading): beyond this, new chunks are dropped.
    static let maximumScheduledBytes = 1 << 16

    /// Puts `pumps` (distinct addresses) on one line with `rules`; `generator` drives garbage and random drops.
    public init(
        pumps: [SimulatedPump], rules: [ScenarioRule] = [], generator: any RandomNumberGenerator & Sendable,
        at instant: SimulationInstant = .start
    ) {
        var unique: [PumpAddress: SimulatedPump] = [:]
        for pump in pumps where unique[pump.address] == nil { unique[pump.address] = pump }
        self.pumps = unique.values.sorted { $0.address < $1.address }
        self.rules = RuleBook(rules: rules)
        self.generator = generator
        self.now = instant
    }

    /// The pump at `address`, if there is one.
    public func pump(at address: PumpAddress) -> SimulatedPump? {
        pumps.first { $0.address == address }
    }

    /// True with several pumps: an RS-485 bus, where a pump replies no earlier than 2 ms after a request (§12).
    var isBus: Bool { pumps.count > 1 }

    /// The next wall instant at which the line needs `advance` even if nothing arrives: a scheduled transmission,
    /// the end of a silence, an inter-byte timeout. (Infusion physics and rules only need regular ticks.)
    public var nextWakeWallNanoseconds: Int64? {
        var candidates: [Int64] = []
        if let first = scheduled.first { candidates.append(first.dueWall) }
        if let silence = faults.silentUntilWall { candidates.append(silence) }
        if decoder.hasPartialFrame {
            candidates.append(lastByteWall + ProtocolTiming.interByteTimeout.nanosecondsClamped)
        }
        return candidates.min()
    }

    // MARK: Time

    /// Brings the pumps, rules and line timers up to `instant`, in steps of at most 1 simulated second and 100 ms
    /// of wall time so thresholds and rules fire close to when they are met, and releases due transmissions.
    public mutating func advance(to instant: SimulationInstant) -> LineOutput {
        step(to: instant)
        return takeOutput()
    }

    mutating func step(to instant: SimulationInstant) {
        let target = SimulationInstant(
            wallNanoseconds: max(instant.wallNanoseconds, now.wallNanoseconds),
            simulatedNanoseconds: max(instant.simulatedNanoseconds, now.simulatedNanoseconds))
        while now != target {
            let simulatedSpan = target.simulatedNanoseconds - now.simulatedNanoseconds
            let wallSpan = target.wallNanoseconds - now.wallNanoseconds
            var next = target
            // The step is the largest fraction of the span that respects both bounds.
            if simulatedSpan > Self.maximumSimulatedStep || wallSpan > Self.maximumWallStep {
                let bySimulated = (Self.maximumSimulatedStep, simulatedSpan)
                let byWall = (Self.maximumWallStep, wallSpan)
                let (numerator, denominator) = ratioLess(bySimulated, byWall) ? bySimulated : byWall
                next = now.interpolated(toward: target, numerator: numerator, denominator: denominator)
                if next == now { next = target }
            }
            stepOnce(to: next)
        }
        releaseDueTransmissions()
    }

    /// True when a/b < c/d for the (bound, span) pairs, treating an in-bound span as ratio 1.
    private func ratioLess(_ lhs: (Int64, Int64), _ rhs: (Int64, Int64)) -> Bool {
        let left = lhs.1 > lhs.0 ? lhs : (1, 1)
        let right = rhs.1 > rhs.0 ? rhs : (1, 1)
        let (leftHigh, leftLow) = left.0.multipliedFullWidth(by: right.1)
        let (rightHigh, rightLow) = right.0.multipliedFullWidth(by: left.1)
        return (leftHigh, leftLow) < (rightHigh, rightLow)
    }

    private mutating func stepOnce(to instant: SimulationInstant) {
        now = instant
        for index in pumps.indices {
            handle(pumps[index].advance(to: instant), from: index)
        }
        if let silence = faults.silentUntilWall, instant.wallNanoseconds >= silence {
            faults.silentUntilWall = nil
            output.reports.append(.ended("silence"))
        }
        if decoder.hasPartialFrame,
            instant.wallNanoseconds - lastByteWall >= ProtocolTiming.interByteTimeout.nanosecondsClamped,
            let abandoned = decoder.abandonPartialFrame()
        {
            output.traces.append("rx-error \(abandoned)")
        }
        let pumps = self.pumps
        runRules(rules.check(now: now) { pumps.map { ($0.address, $0.status.volumeInfusedMl) } })
    }

    // MARK: Receiving

    /// Bytes arrived from the controller at `instant`.
    public mutating func receive(_ bytes: [UInt8], at instant: SimulationInstant) -> LineOutput {
        step(to: instant)
        guard !bytes.isEmpty else { return takeOutput() }
        if faults.isSilent(atWall: now.wallNanoseconds) {
            output.traces.append("rx-ignored \(bytes.count) bytes (silence): \(TraceText.render(bytes))")
            return takeOutput()
        }
        lastByteWall = now.wallNanoseconds
        let discardedBefore = decoder.discardedByteCount
        for decoded in decoder.feed(bytes) {
            switch decoded {
            case .frame(let frame): output.traces.append("rx \(TraceText.render(frame.encoded()))")
            case .error(let error): output.traces.append("rx-error \(error)")
            }
            for index in pumps.indices {
                deliver(decoded, to: index)
            }
        }
        let discarded = decoder.discardedByteCount - discardedBefore
        if discarded > 0 { output.traces.append("rx-discarded \(discarded) bytes") }
        releaseDueTransmissions()
        return takeOutput()
    }

    /// The link was closed or re-opened (TCP client gone, cable pulled): a partial frame cannot be completed.
    public mutating func linkReset(at instant: SimulationInstant) -> LineOutput {
        step(to: instant)
        if let abandoned = decoder.abandonPartialFrame() { output.traces.append("rx-error \(abandoned) (link reset)") }
        return takeOutput()
    }

    private mutating func deliver(_ decoded: FrameDecoder.Output, to index: Int) {
        let bootBefore = pumps[index].bootId
        let exchange = pumps[index].receive(decoded, at: now)
        let address = pumps[index].address
        handle(exchange.notices, from: index)
        if exchange.disposition.isValidRequest, let code = exchange.code {
            runRules(rules.requestSeen(code, pump: address, now: now))
        }
        guard let reply = exchange.reply else { return }
        guard pumps[index].bootId == bootBefore else {
            output.traces.append("tx-lost (pump \(address.value) rebooted before replying) \(reply)")
            return
        }
        // A rule on this request pulled the cable before the reply could leave: the reply is lost, as with a reboot.
        guard output.unplugFor == nil else {
            output.traces.append("tx-lost (unplugged before replying) \(TraceText.render(reply.encoded()))")
            return
        }
        sendReply(reply, from: address)
    }

    private mutating func sendReply(_ reply: Frame, from address: PumpAddress) {
        let treatment = faults.treatNextReply(using: &generator)
        let bytes = reply.encoded()
        if treatment.dropped {
            output.traces.append("tx-dropped \(TraceText.render(bytes))")
            return
        }
        let wire = treatment.corrupted ? LineFaults.corrupt(bytes) : bytes
        var delay = Int64(treatment.delayMilliseconds) * 1_000_000
        if isBus { delay = max(delay, ProtocolTiming.busTurnaround.nanosecondsClamped) }
        let label = treatment.corrupted ? "tx-corrupted" : "tx"
        for copy in 0..<treatment.copies {
            schedule(wire, source: address, delay: delay, trace: copy == 0 ? label : "\(label)-duplicate")
        }
        if treatment.slowEnded { output.reports.append(.ended("slow")) }
    }

    // MARK: Notices and transmissions

    mutating func handle(_ notices: [PumpNotice], from index: Int) {
        let address = pumps[index].address
        for notice in notices {
            switch notice {
            case .stateChanged(let status):
                output.reports.append(.state(address, status))
                runRules(rules.stateEntered(status.state, pump: address, now: now))
            case .alarmRaised(let alarm):
                output.reports.append(.alarmRaised(address, alarm))
            case .alarmCleared(let alarm):
                output.reports.append(.alarmCleared(address, alarm))
            case .event(let frame):
                schedule(frame.encoded(), source: address, delay: 0, trace: "tx-event")
            case .rebooted(let boot):
                let cancelled = scheduled.filter { $0.source == address }
                scheduled.removeAll { $0.source == address }
                for item in cancelled {
                    output.traces.append("tx-lost (pump \(address.value) rebooted) \(TraceText.render(item.bytes))")
                }
                output.reports.append(.rebooted(address, boot))
            }
        }
    }

    mutating func schedule(_ bytes: [UInt8], source: PumpAddress?, delay: Int64, trace: String) {
        let waiting = scheduled.reduce(0) { $0 + $1.bytes.count }
        guard waiting + bytes.count <= Self.maximumScheduledBytes else {
            output.traces.append("tx-overflow (\(waiting) bytes waiting) \(TraceText.render(bytes))")
            return
        }
        let due = SimulationInstant.saturatingAdd(now.wallNanoseconds, delay)
        scheduleCounter += 1
        let item = Scheduled(dueWall: due, order: scheduleCounter, bytes: bytes, source: source, trace: trace)
        let position = scheduled.firstIndex { ($0.dueWall, $0.order) > (due, scheduleCounter) } ?? scheduled.endIndex
        scheduled.insert(item, at: position)
    }

    mutating func releaseDueTransmissions() {
        while let first = scheduled.first, first.dueWall <= now.wallNanoseconds {
            scheduled.removeFirst()
            if faults.isSilent(atWall: now.wallNanoseconds) {
                output.traces.append("tx-suppressed (silence) \(TraceText.render(first.bytes))")
                continue
            }
            output.transmissions.append(first.bytes)
            output.traces.append("\(first.trace) \(TraceText.render(first.bytes))")
        }
    }

    mutating func takeOutput() -> LineOutput {
        defer { output = LineOutput() }
        return output
    }
}
