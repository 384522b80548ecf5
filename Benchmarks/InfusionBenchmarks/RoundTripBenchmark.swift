import PumpDriver
import PumpProtocol

/// Figure 1: command round trips per second over a pseudo-terminal, driver + codec + pump-sim (STAT request and
/// reply) against the raw POSIX floor (`RawEchoPty`) with frames of the same sizes.
///
/// The driver is measured twice: with the protocol's timing, which waits the RS-485 turnaround (2 ms, §12) after
/// every reply before the next request (what production does, on every link), and with the turnaround set to zero,
/// which isolates the software: driver actor, transport, codec, and pump-sim's poll loop.
actor RoundTripBenchmark: BenchmarkFixture {
    nonisolated let summaryKey = "1-round-trip"
    static let metrics: [MetricSpec] = [
        .rate("driver STAT, protocol timing (round trips/s)"),
        .rate("driver STAT, no turnaround (round trips/s)"),
        .rate("raw pty echo (round trips/s)"),
        .cost("driver CPU per round trip (ns)"),
        .cost("raw echo client CPU per round trip (ns)"),
        .cost("driver context switches per 100 round trips"),
        .cost("raw echo client context switches per 100 round trips"),
    ]

    private let slice: Duration
    private var simulators: [PumpSimProcess] = []
    private var protocolLine: DriverLine?
    private var fastLine: DriverLine?
    private var echo: RawEchoPty?
    private var sizes = (request: 0, reply: 0)
    private var iterationIndex = 0

    private var protocolRates = Samples()
    private var fastRates = Samples()
    private var rawRates = Samples()
    private var protocolRatios = Samples()
    private var fastRatios = Samples()
    private var driverCPU = Samples()
    private var rawCPU = Samples()
    private var cpuRatios = Samples()
    private var driverSwitches = Samples()
    private var rawSwitches = Samples()

    init(quick: Bool) {
        slice = quick ? .milliseconds(200) : .milliseconds(700)
    }

    func setUp() async throws(BenchError) {
        let environment = try BenchEnvironment.current()
        let first = try PumpSimProcess.start(environment, name: "roundtrip-protocol", flags: [])
        simulators.append(first)
        let second = try PumpSimProcess.start(environment, name: "roundtrip-fast", flags: [])
        simulators.append(second)
        let protocolLine = try await DriverLine.open(first.linkPath, addresses: [1], timing: PumpLinkTiming())
        self.protocolLine = protocolLine
        fastLine = try await DriverLine.open(second.linkPath, addresses: [1], timing: PumpLinkTiming(turnaround: .zero))
        sizes = try await DriverLine.statExchangeSizes(on: protocolLine.line, address: 1)
        echo = try RawEchoPty(requestBytes: sizes.request, replyBytes: sizes.reply)
    }

    func iteration() async throws(BenchError) -> [Measurement] {
        guard let protocolDriver = protocolLine?.drivers.first, let fastDriver = fastLine?.drivers.first, let echo else {
            throw .driver("the round-trip benchmark was not set up")
        }
        // Rotate the order so that no variant always runs first (after the benchmark tool's own pause) or last.
        var raw: RawEchoPty.Run?
        var paced: DriverRun?
        var fast: DriverRun?
        for step in 0..<3 {
            switch (step + iterationIndex) % 3 {
            case 0: raw = await echo.run(for: slice)
            case 1: paced = try await DriverRun.statusLoop(protocolDriver, for: slice)
            default: fast = try await DriverRun.statusLoop(fastDriver, for: slice)
            }
        }
        iterationIndex += 1
        guard let raw, let paced, let fast, raw.roundTrips > 0 else { throw .driver("a round-trip run did not complete") }
        let driverNanoseconds = fast.process.cpu.seconds / Double(max(fast.roundTrips, 1)) * 1e9
        let rawNanoseconds = raw.client.cpu.seconds / Double(raw.roundTrips) * 1e9
        let driverSwitchesPerTrip = Double(fast.process.contextSwitches) / Double(max(fast.roundTrips, 1))
        let rawSwitchesPerTrip = Double(raw.client.contextSwitches) / Double(raw.roundTrips)
        driverSwitches.add(driverSwitchesPerTrip)
        rawSwitches.add(rawSwitchesPerTrip)
        protocolRates.add(paced.rate)
        fastRates.add(fast.rate)
        rawRates.add(raw.rate)
        protocolRatios.add(raw.rate / paced.rate)
        fastRatios.add(raw.rate / fast.rate)
        driverCPU.add(driverNanoseconds)
        rawCPU.add(rawNanoseconds)
        if rawNanoseconds > 0 { cpuRatios.add(driverNanoseconds / rawNanoseconds) }
        return [
            Measurement(Self.metrics[0].name, paced.rate),
            Measurement(Self.metrics[1].name, fast.rate),
            Measurement(Self.metrics[2].name, raw.rate),
            Measurement(Self.metrics[3].name, driverNanoseconds),
            Measurement(Self.metrics[4].name, rawNanoseconds),
            Measurement(Self.metrics[5].name, driverSwitchesPerTrip * 100),
            Measurement(Self.metrics[6].name, rawSwitchesPerTrip * 100),
        ]
    }

    func tearDown() async {
        await protocolLine?.line.close()
        await fastLine?.line.close()
        echo?.close()
        for simulator in simulators { simulator.stop() }
        guard !rawRates.isEmpty else { return }
        let frames = "\(sizes.request) B request, \(sizes.reply) B reply"
        let floor = "raw pty echo \(Format.rate(rawRates.median, unit: "rt")) (\(Format.seconds(1 / rawRates.median)) each)"
        SummaryRow.write([
            SummaryRow(
                "1 Round trip over a pty, driver+codec+pump-sim STAT (\(frames)), protocol timing",
                measured: "\(Format.rate(protocolRates.median, unit: "rt")) (\(Format.seconds(1 / protocolRates.median)) each)",
                baseline: floor, ratio: protocolRatios.median,
                bound: "the 2 ms turnaround (protocol §12) the driver waits after each reply: at most 500 rt/s"),
            SummaryRow(
                "1 Round trip over a pty, same, turnaround set to 0 (software only)",
                measured: "\(Format.rate(fastRates.median, unit: "rt")) (\(Format.seconds(1 / fastRates.median)) each)",
                baseline: floor, ratio: fastRatios.median,
                bound: "pty transfer + wake-ups of driver tasks and pump-sim's poll loop; codec and CRC"),
            SummaryRow(
                "1 Controller CPU per round trip (driver, turnaround 0)",
                measured: Format.seconds(driverCPU.median / 1e9),
                baseline: "raw echo client \(Format.seconds(rawCPU.median / 1e9))", ratio: cpuRatios.median,
                bound: "context switches: \(String(format: "%.1f", driverSwitches.median)) per round trip in the controller "
                    + "(line actor, transport thread, reader task) against \(String(format: "%.1f", rawSwitches.median)) for "
                    + "the raw client"),
        ], key: summaryKey)
    }
}
