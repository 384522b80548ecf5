import PumpDriver
import PumpProtocol

/// Figure 3: one controller polling 1, 8, 32 and 128 simulated pumps with STAT at 1 Hz each: poll latency (p50,
/// p99) and the controller's CPU time per pump.
///
/// Pumps share lines as on an RS-485 bus: at most 100 addresses per line, as few lines as needed, pumps spread
/// evenly (128 = 2 lines of 64), one pump-sim per line. Polls are staggered evenly over the second, as monitors
/// started one after another would be. A poll's latency is from the call to `status()` to its return, so it includes
/// waiting for the line (one request at a time per line, §5.1). The floor is measured in the same run: the raw pty
/// echo round trip, plus, on a bus, the 2 ms a pump must wait before replying (§12).
actor FleetBenchmark: BenchmarkFixture {
    static let sizes = [1, 8, 32, 128]
    static let metrics: [MetricSpec] = [
        .cost("poll latency (us)"),
        .cost("controller CPU per poll (ns)"),
        .cost("pump-sim CPU per line (ppm of a core)"),
        .cost("raw pty echo round trip (us)"),
    ]

    nonisolated let summaryKey: String
    private let pumps: Int
    private let warmup: Duration
    private let window: Duration
    private let floorRun: Duration
    private var simulators: [PumpSimProcess] = []
    private var lines: [DriverLine] = []
    private var pumpsPerLine: [Int] = []
    private var echo: RawEchoPty?
    private let counter = ExchangeCounter()

    private var latencies = Samples()
    private var controllerCPUPerPoll = Samples()
    private var simulatorCPUPerLine = Samples()
    private var rawRoundTrip = Samples()
    private var rawCPUPerRoundTrip = Samples()
    private var measuredWindow: Duration = .zero
    private var poolLateness = Samples()
    private var threadLateness = Samples()

    init(pumps: Int, quick: Bool) {
        self.pumps = pumps
        summaryKey = "3-fleet-" + String(repeating: "0", count: max(0, 3 - String(pumps).count)) + String(pumps)
        warmup = quick ? .milliseconds(500) : .seconds(2)
        window = quick ? .seconds(2) : .seconds(10)
        floorRun = quick ? .milliseconds(300) : .seconds(1)
    }

    func setUp() async throws(BenchError) {
        let environment = try BenchEnvironment.current()
        let lineCount = (pumps + 99) / 100
        pumpsPerLine = (0..<lineCount).map { pumps / lineCount + ($0 < pumps % lineCount ? 1 : 0) }
        for (index, count) in pumpsPerLine.enumerated() {
            let addresses = count == 100 ? Array(0..<100) : Array(1...count)
            let simulator = try PumpSimProcess.start(
                environment, name: "fleet-\(pumps)-\(index)", flags: PumpSimProcess.addressFlags(addresses))
            simulators.append(simulator)
            let timing = PumpLinkTiming.protocolDefaults(for: .tty(path: simulator.linkPath, baudRate: .protocolDefault))
            lines.append(try await DriverLine.open(simulator.linkPath, addresses: addresses, timing: timing, counter: counter))
        }
        guard let first = lines.first else { throw .driver("no line was opened") }
        let sizes = try await DriverLine.statExchangeSizes(on: first.line, address: pumpsPerLine[0] == 100 ? 0 : 1)
        echo = try RawEchoPty(requestBytes: sizes.request, replyBytes: sizes.reply)
    }

    func iteration() async throws(BenchError) -> [Measurement] {
        guard let echo else { throw .driver("the fleet benchmark was not set up") }
        let raw = await echo.run(for: floorRun)
        guard raw.roundTrips > 0 else { throw .driver("the raw echo made no round trip") }
        rawRoundTrip.add(raw.elapsed.seconds / Double(raw.roundTrips))
        rawCPUPerRoundTrip.add(raw.client.cpu.seconds / Double(raw.roundTrips))

        // Round-robin over the lines, so that with polls staggered by index each line's polls spread over the
        // whole second rather than crowding into its own part of it.
        let deepest = lines.map(\.drivers.count).max() ?? 0
        let drivers = (0..<deepest).flatMap { depth in lines.compactMap { depth < $0.drivers.count ? $0.drivers[depth] : nil } }
        let begin = ContinuousClock.now + .milliseconds(100)
        let measureStart = begin + warmup
        let end = measureStart + window
        async let marks = Self.cpuMarks(simulators, at: measureStart, and: end)
        async let probe = SchedulingProbe.run(from: measureStart, until: end)
        let polled = await withTaskGroup(of: Result<[PollSample], BenchError>.self) { group in
            for (index, driver) in drivers.enumerated() {
                let phase = Duration.nanoseconds(Int64(1_000_000_000) * Int64(index) / Int64(drivers.count))
                group.addTask { await Self.poll(driver, from: begin + phase, recordFrom: measureStart, until: end) }
            }
            var all: Result<[PollSample], BenchError> = .success([])
            for await result in group {
                switch (all, result) {
                case (.success(let sofar), .success(let more)): all = .success(sofar + more)
                case (.success, .failure(let error)): all = .failure(error)
                case (.failure, _): break
                }
            }
            return all
        }
        let (controllerCPU, simulatorCPU) = await marks
        let scheduling = await probe
        threadLateness.add(contentsOf: scheduling.lateness)
        let polls = try polled.get()
        guard !polls.isEmpty else { throw .driver("no poll completed in the measurement window") }
        measuredWindow = window
        var measurements: [Measurement] = []
        for poll in polls {
            latencies.add(poll.latency)
            poolLateness.add(poll.wakeLateness)
            measurements.append(Measurement(Self.metrics[0].name, poll.latency * 1e6))
        }
        // The probe thread ran in this process during the window: its CPU (measured on that thread) is not the
        // controller's.
        let controllerPerPoll = max(0, (controllerCPU - scheduling.cpu).seconds) / Double(polls.count)
        let simulatorShare = simulatorCPU.seconds / window.seconds / Double(max(lines.count, 1))
        controllerCPUPerPoll.add(controllerPerPoll)
        simulatorCPUPerLine.add(simulatorShare)
        measurements.append(Measurement(Self.metrics[1].name, controllerPerPoll * 1e9))
        measurements.append(Measurement(Self.metrics[2].name, simulatorShare * 1e6))
        measurements.append(Measurement(Self.metrics[3].name, raw.elapsed.seconds / Double(raw.roundTrips) * 1e6))
        return measurements
    }

    func tearDown() async {
        var ignored = 0
        var undecodable = 0
        var abandoned = 0
        for line in lines {
            let statistics = await line.line.statistics
            ignored += statistics.ignoredFrames
            undecodable += statistics.decodeErrors
            abandoned += statistics.abandonedPartialFrames
        }
        let exchanges = await counter.summary
        for line in lines { await line.line.close() }
        echo?.close()
        for simulator in simulators { simulator.stop() }
        guard !latencies.isEmpty else { return }
        let layout = pumpsPerLine.count == 1
            ? "1 line" : "\(pumpsPerLine.count) lines of \(pumpsPerLine.map(String.init).joined(separator: "+"))"
        let onBus = pumpsPerLine.contains { $0 > 1 }
        let replyDelay = onBus ? 0.002 : 0
        let floor = rawRoundTrip.median + replyDelay
        let floorText = "\(Format.seconds(floor)) (raw echo \(Format.seconds(rawRoundTrip.median))"
            + (onBus ? " + 2 ms bus reply delay)" : ")")
        let label = "3 Fleet \(pumps) pump\(pumps == 1 ? "" : "s") (\(layout)), \(latencies.count) polls in "
            + "\(Int(measuredWindow.seconds)) s"
        let bound = onBus
            ? "bus: 2 ms reply delay + 2 ms turnaround per poll, and queueing behind the other pumps on the line"
            : "pty latency + driver software (figure 1)"
        // One poll per pump per second: CPU seconds per poll is also the share of a core each pump costs.
        let controller = controllerCPUPerPoll.median
        SummaryRow.write([
            SummaryRow("\(label): latency p50", measured: Format.seconds(latencies.median), baseline: floorText,
                       ratio: latencies.median / floor, bound: bound),
            SummaryRow("\(label): latency p99", measured: Format.seconds(latencies.percentile(99)), baseline: floorText,
                       ratio: latencies.percentile(99) / floor, bound: bound),
            SummaryRow("\(label): controller CPU per pump",
                       measured: "\(Format.seconds(controller)) per poll = \(Format.percent(controller)) of a core",
                       baseline: "raw echo client \(Format.seconds(rawCPUPerRoundTrip.median)) per round trip",
                       ratio: controller / max(rawCPUPerRoundTrip.median, 1e-9),
                       bound: "timer wake-up + actor hops + syscalls + codec per poll"),
            SummaryRow("\(label): timer lateness meanwhile, p99 / max",
                       measured: "poll tasks' wake-ups \(Format.seconds(poolLateness.percentile(99))) / "
                           + Format.seconds(poolLateness.percentile(100)),
                       baseline: "a plain thread's 10 ms timer \(Format.seconds(threadLateness.percentile(99))) / "
                           + Format.seconds(threadLateness.percentile(100)), ratio: nil,
                       bound: "the machine's scheduling: a latency tail that matches it is not the driver's"),
            SummaryRow("\(label): retransmissions (a fault-free line needs none)", measured: exchanges,
                       baseline: "0", ratio: nil,
                       bound: "line statistics: \(ignored) frames ignored, \(undecodable) undecodable, \(abandoned) partial frames abandoned"),
            SummaryRow("\(label): pump-sim CPU per line (the simulated pumps, not the controller)",
                       measured: "\(Format.percent(simulatorCPUPerLine.median)) of a core", baseline: "-", ratio: nil,
                       bound: "pump-sim wakes every 10 ms (physics, rules, watchdog) besides answering; 10 ms /proc resolution"),
        ], key: summaryKey)
    }

    /// Polls `driver` once a second from `first` until `end`; returns the polls due from `recordFrom`.
    private static func poll(
        _ driver: PumpDriver, from first: ContinuousClock.Instant, recordFrom: ContinuousClock.Instant,
        until end: ContinuousClock.Instant
    ) async -> Result<[PollSample], BenchError> {
        var recorded: [PollSample] = []
        var due = first
        while due < end {
            try? await Task.sleep(until: due, clock: .continuous)
            let start = ContinuousClock.now
            do {
                _ = try await driver.status()
            } catch {
                return .failure(.driver("STAT: \(error)"))
            }
            if due >= recordFrom {
                recorded.append(PollSample(latency: (ContinuousClock.now - start).seconds, wakeLateness: (start - due).seconds))
            }
            due += .seconds(1)
        }
        return .success(recorded)
    }

    /// CPU time used between `start` and `end` by this process (the controller) and by the simulators.
    private static func cpuMarks(
        _ simulators: [PumpSimProcess], at start: ContinuousClock.Instant, and end: ContinuousClock.Instant
    ) async -> (controller: Duration, simulators: Duration) {
        func simulatorCPU() -> Duration {
            simulators.reduce(Duration.zero) { $0 + ($1.process.cpuTime() ?? .zero) }
        }
        try? await Task.sleep(until: start, clock: .continuous)
        let controllerBefore = CPUTime.process().cpu
        let simulatorsBefore = simulatorCPU()
        try? await Task.sleep(until: end, clock: .continuous)
        return (CPUTime.process().cpu - controllerBefore, simulatorCPU() - simulatorsBefore)
    }
}

/// One poll in the measurement window.
private struct PollSample: Sendable {
    /// From the call to `status()` to its return, seconds.
    let latency: Double
    /// How late the poll's task woke after its due time (the cooperative pool's scheduling), seconds.
    let wakeLateness: Double
}
