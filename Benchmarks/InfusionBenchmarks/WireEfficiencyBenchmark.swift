import PumpDriver
import PumpProtocol
import Transport

/// Figure 2: a STAT round trip when pump-sim paces its bytes at a real baud rate (`--baud`), against the wire time
/// of the bytes exchanged (10 bits per byte, 8N1, both directions): the physical limit of a real serial line.
///
/// Requests are spaced a little more than the 2 ms turnaround apart, so each figure is one round trip, not a
/// turnaround wait. Over a pseudo-terminal only pump-sim's side is paced: the request crosses at once, so the floor
/// on this rig is the reply's wire time, and the ratio to the full exchange's wire time can fall below 1.
///
/// The controller's CPU per round trip is measured at each rate against the same STAT from an unpaced pump-sim
/// (whose reply arrives in one chunk): a paced reply arrives a few bytes per read, so the ratio is the cost of
/// receiving a frame in pieces.
actor WireEfficiencyBenchmark: BenchmarkFixture {
    nonisolated let summaryKey = "2-wire"
    static let baudRates = [9600, 38400, 115200]
    static let metrics: [MetricSpec] = baudRates.map { .cost("STAT round trip at \($0) baud (us)") }
        + baudRates.map { .cost("controller CPU per STAT at \($0) baud (us)") }
        + [.cost("controller CPU per STAT, unpaced (us)")]

    private let callsPerRate: [Int: Int]
    private var simulators: [PumpSimProcess] = []
    private var lines: [Int: DriverLine] = [:]
    private var sizes: [Int: (request: Int, reply: Int)] = [:]
    private var latencies: [Int: Samples] = [:]
    private var cpuPerCall: [Int: Samples] = [:]
    private var switchesPerCall: [Int: Samples] = [:]
    private var unpacedLine: DriverLine?
    private var unpacedCPU = Samples()
    private var unpacedSwitches = Samples()

    init(quick: Bool) {
        // About 1 s of round trips per rate and iteration (0.2 s when quick).
        callsPerRate = quick ? [9600: 2, 38400: 5, 115200: 10] : [9600: 8, 38400: 25, 115200: 60]
    }

    func setUp() async throws(BenchError) {
        let environment = try BenchEnvironment.current()
        for rate in Self.baudRates {
            guard let baudRate = BaudRate(rate) else { throw .driver("\(rate) baud is not a supported rate") }
            let simulator = try PumpSimProcess.start(environment, name: "wire-\(rate)", flags: ["--baud", String(rate)])
            simulators.append(simulator)
            let timing = PumpLinkTiming.protocolDefaults(for: .tty(path: simulator.linkPath, baudRate: baudRate))
            let line = try await DriverLine.open(simulator.linkPath, addresses: [1], timing: timing, baudRate: baudRate)
            lines[rate] = line
            sizes[rate] = try await DriverLine.statExchangeSizes(on: line.line, address: 1)
        }
        let unpaced = try PumpSimProcess.start(environment, name: "wire-unpaced", flags: [])
        simulators.append(unpaced)
        unpacedLine = try await DriverLine.open(
            unpaced.linkPath, addresses: [1],
            timing: PumpLinkTiming.protocolDefaults(for: .tty(path: unpaced.linkPath, baudRate: .protocolDefault)))
    }

    func iteration() async throws(BenchError) -> [Measurement] {
        var measurements: [Measurement] = []
        for (index, rate) in Self.baudRates.enumerated() {
            guard let driver = lines[rate]?.drivers.first else { throw .driver("the wire benchmark was not set up") }
            for _ in 0..<(callsPerRate[rate] ?? 1) {
                let paced = try await Self.timedStatus(driver, what: "STAT at \(rate) baud")
                latencies[rate, default: Samples()].add(paced.elapsed)
                cpuPerCall[rate, default: Samples()].add(paced.cpu.cpu.seconds)
                switchesPerCall[rate, default: Samples()].add(Double(paced.cpu.contextSwitches))
                measurements.append(Measurement(Self.metrics[index].name, paced.elapsed * 1e6))
                measurements.append(Measurement(Self.metrics[Self.baudRates.count + index].name, paced.cpu.cpu.seconds * 1e6))
                // The unpaced baseline right after, so both see the same machine.
                guard let unpaced = unpacedLine?.drivers.first else { throw .driver("the wire benchmark was not set up") }
                let plain = try await Self.timedStatus(unpaced, what: "STAT, unpaced")
                unpacedCPU.add(plain.cpu.cpu.seconds)
                unpacedSwitches.add(Double(plain.cpu.contextSwitches))
                measurements.append(Measurement(Self.metrics[Self.metrics.count - 1].name, plain.cpu.cpu.seconds * 1e6))
            }
        }
        return measurements
    }

    /// One STAT after a pause longer than the turnaround (so no turnaround wait is timed): wall seconds, and the
    /// whole process's CPU time and context switches over the call.
    private static func timedStatus(_ driver: PumpDriver, what: String) async throws(BenchError) -> (elapsed: Double, cpu: CPUTime) {
        try? await Task.sleep(for: .milliseconds(3))
        let cpuBefore = CPUTime.process()
        let start = ContinuousClock.now
        do {
            _ = try await driver.status()
        } catch {
            throw .driver("\(what): \(error)")
        }
        return ((ContinuousClock.now - start).seconds, CPUTime.process() - cpuBefore)
    }

    func tearDown() async {
        for line in lines.values { await line.line.close() }
        await unpacedLine?.line.close()
        for simulator in simulators { simulator.stop() }
        var rows: [SummaryRow] = []
        for rate in Self.baudRates {
            guard let samples = latencies[rate], !samples.isEmpty, let size = sizes[rate] else { continue }
            let exchangeWire = Double((size.request + size.reply) * 10) / Double(rate)
            let replyWire = Double(size.reply * 10) / Double(rate)
            rows.append(SummaryRow(
                "2 STAT round trip, pump-sim --baud \(rate) (p50 of \(samples.count))",
                measured: Format.seconds(samples.median),
                baseline: "wire time \(Format.seconds(exchangeWire)) (\(size.request)+\(size.reply) B x 10 bit)",
                ratio: samples.median / exchangeWire,
                bound: "wire time. On a pty only pump-sim's reply is paced: \(Format.seconds(replyWire)), so the "
                    + "overhead is \(Format.seconds(samples.median - replyWire)) (x\(Format.ratio(samples.median / replyWire)) "
                    + "the reply's wire time)"))
            if let cpu = cpuPerCall[rate], !cpu.isEmpty, !unpacedCPU.isEmpty {
                rows.append(SummaryRow(
                    "2 Controller CPU per STAT round trip, pump-sim --baud \(rate) (reply arrives byte by byte)",
                    measured: Format.seconds(cpu.median),
                    baseline: "unpaced pump-sim (reply in one read) \(Format.seconds(unpacedCPU.median))",
                    ratio: cpu.median / max(unpacedCPU.median, 1e-9),
                    bound: "per read: one actor hop, a decoder feed and a new inter-byte timer task in PumpLine.received; "
                        + "context switches \(String(format: "%.0f", switchesPerCall[rate]?.median ?? 0)) against "
                        + String(format: "%.0f", unpacedSwitches.median)))
            }
        }
        SummaryRow.write(rows, key: summaryKey)
    }
}
