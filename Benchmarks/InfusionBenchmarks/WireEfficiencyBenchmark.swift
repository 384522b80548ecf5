import PumpDriver
import PumpProtocol
import Transport

/// Figure 2: a STAT round trip when pump-sim paces its bytes at a real baud rate (`--baud`), against the wire time
/// of the bytes exchanged (10 bits per byte, 8N1, both directions): the physical limit of a real serial line.
///
/// Requests are spaced a little more than the 2 ms turnaround apart, so each figure is one round trip, not a
/// turnaround wait. Over a pseudo-terminal only pump-sim's side is paced: the request crosses at once, so the floor
/// on this rig is the reply's wire time, and the ratio to the full exchange's wire time can fall below 1.
actor WireEfficiencyBenchmark: BenchmarkFixture {
    nonisolated let summaryKey = "2-wire"
    static let baudRates = [9600, 38400, 115200]
    static let metrics: [MetricSpec] = baudRates.map { .cost("STAT round trip at \($0) baud (us)") }

    private let callsPerRate: [Int: Int]
    private var simulators: [PumpSimProcess] = []
    private var lines: [Int: DriverLine] = [:]
    private var sizes: [Int: (request: Int, reply: Int)] = [:]
    private var latencies: [Int: Samples] = [:]

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
    }

    func iteration() async throws(BenchError) -> [Measurement] {
        var measurements: [Measurement] = []
        for (index, rate) in Self.baudRates.enumerated() {
            guard let driver = lines[rate]?.drivers.first else { throw .driver("the wire benchmark was not set up") }
            for _ in 0..<(callsPerRate[rate] ?? 1) {
                try? await Task.sleep(for: .milliseconds(3))
                let start = ContinuousClock.now
                do {
                    _ = try await driver.status()
                } catch {
                    throw .driver("STAT at \(rate) baud: \(error)")
                }
                let elapsed = (ContinuousClock.now - start).seconds
                latencies[rate, default: Samples()].add(elapsed)
                measurements.append(Measurement(Self.metrics[index].name, elapsed * 1e6))
            }
        }
        return measurements
    }

    func tearDown() async {
        for line in lines.values { await line.line.close() }
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
        }
        SummaryRow.write(rows, key: summaryKey)
    }
}
