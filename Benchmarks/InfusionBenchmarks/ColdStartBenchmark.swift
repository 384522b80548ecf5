/// Figure 5a: `infusion prepare` from process spawn to exit with its JSON on stdout (configuration read and hashed,
/// engine run, JSON written), against `/bin/true` spawned the same way: the cost of starting any process here.
///
/// `infusion --help` is measured beside them: the same binary loading the Swift runtime, Foundation and the argument
/// parser but doing no work, which splits prepare's time into "starting a Swift program" and "the work".
///
/// Wall time on a loaded machine is mostly waiting for a core (a process that needs more than one time slice waits
/// behind every runnable task each time it is preempted, while /bin/true finishes inside its first slice), so each
/// run's CPU time (wait4) is reported beside it: the part that does not depend on the load.
actor ColdStartBenchmark: BenchmarkFixture {
    nonisolated let summaryKey = "5a-cold-start"
    static let metrics: [MetricSpec] = [
        .cost("infusion prepare, spawn to exit (us)"), .cost("infusion --help, spawn to exit (us)"),
        .cost("/bin/true, spawn to exit (us)"), .cost("infusion prepare, CPU (us)"), .cost("infusion --help, CPU (us)"),
        .cost("/bin/true, CPU (us)"),
    ]

    private var environment: BenchEnvironment?
    private var iterationIndex = 0
    private var prepare = Samples()
    private var help = Samples()
    private var trivial = Samples()
    private var ratios = Samples()
    private var helpRatios = Samples()
    private var prepareCPU = Samples()
    private var helpCPU = Samples()
    private var trivialCPU = Samples()
    private var first: (prepare: Double, trivial: Double)?

    init(quick: Bool) {}

    func setUp() async throws(BenchError) {
        environment = try BenchEnvironment.current()
    }

    func iteration() async throws(BenchError) -> [Measurement] {
        guard let environment else { throw .unexpectedOutput(source: "cold start", detail: "not set up") }
        var prepareRun: TimedSpawn?
        var helpRun: TimedSpawn?
        var trueRun: TimedSpawn?
        for step in 0..<3 {
            switch (step + iterationIndex) % 3 {
            case 0:
                prepareRun = try await TimedSpawn.run(
                    environment.infusionPath, DemoOrder.prepareArguments + ["--config-dir", environment.configDirectory])
            case 1:
                helpRun = try await TimedSpawn.run(environment.infusionPath, ["--help"])
            default:
                trueRun = try await TimedSpawn.run("/bin/true", [])
            }
        }
        iterationIndex += 1
        guard let prepareRun, let helpRun, let trueRun else {
            throw .unexpectedOutput(source: "cold start", detail: "a run is missing")
        }
        guard prepareRun.exitCode == 0, prepareRun.output.first == UInt8(ascii: "{") else {
            throw .childFailed(executable: "infusion prepare", status: "exited \(prepareRun.exitCode) without JSON", outputFile: nil)
        }
        guard helpRun.exitCode == 0, trueRun.exitCode == 0 else {
            throw .childFailed(executable: "infusion --help or /bin/true", status: "failed", outputFile: nil)
        }
        _ = try DemoOrder.infusionSeconds(fromPrepareJSON: prepareRun.output)
        let prepareSeconds = prepareRun.elapsed.seconds
        let helpSeconds = helpRun.elapsed.seconds
        let trueSeconds = trueRun.elapsed.seconds
        if first == nil { first = (prepareSeconds, trueSeconds) }
        prepare.add(prepareSeconds)
        help.add(helpSeconds)
        trivial.add(trueSeconds)
        ratios.add(prepareSeconds / trueSeconds)
        helpRatios.add(helpSeconds / trueSeconds)
        prepareCPU.add(prepareRun.cpu.seconds)
        helpCPU.add(helpRun.cpu.seconds)
        trivialCPU.add(trueRun.cpu.seconds)
        return [
            Measurement(Self.metrics[0].name, prepareSeconds * 1e6), Measurement(Self.metrics[1].name, helpSeconds * 1e6),
            Measurement(Self.metrics[2].name, trueSeconds * 1e6), Measurement(Self.metrics[3].name, prepareRun.cpu.seconds * 1e6),
            Measurement(Self.metrics[4].name, helpRun.cpu.seconds * 1e6), Measurement(Self.metrics[5].name, trueRun.cpu.seconds * 1e6),
        ]
    }

    func tearDown() async {
        guard !prepare.isEmpty else { return }
        let baseline = "/bin/true \(Format.seconds(trivial.median))"
        var rows = [
            SummaryRow(
                "5a infusion prepare --format json, spawn to exit (p50 of \(prepare.count))",
                measured: Format.seconds(prepare.median), baseline: baseline, ratio: ratios.median,
                bound: "starting a Swift program (next row) + reading and checking Config/ (YAML, SHA-256) + the engine"),
            SummaryRow(
                "5a infusion --help, spawn to exit: starting the binary, no work (p50 of \(help.count))",
                measured: Format.seconds(help.median), baseline: baseline, ratio: helpRatios.median,
                bound: "dynamic loading and initialising the Swift runtime, Foundation, the argument parser"),
        ]
        let cpuBaseline = "/bin/true \(Format.seconds(trivialCPU.median))"
        rows.append(SummaryRow(
            "5a infusion prepare --format json, CPU time (user + system, p50)", measured: Format.seconds(prepareCPU.median),
            baseline: cpuBaseline, ratio: prepareCPU.median / max(trivialCPU.median, 1e-6),
            bound: "the load-independent part of the row above; the difference from --help (next row) is the work"))
        rows.append(SummaryRow(
            "5a infusion --help, CPU time (user + system, p50)", measured: Format.seconds(helpCPU.median),
            baseline: cpuBaseline, ratio: helpCPU.median / max(trivialCPU.median, 1e-6),
            bound: "loading and initialising the Swift runtime, Foundation and the argument parser"))
        if let first {
            rows.append(SummaryRow(
                "5a infusion prepare, first spawn of the run", measured: Format.seconds(first.prepare),
                baseline: "/bin/true \(Format.seconds(first.trivial))", ratio: first.prepare / first.trivial,
                bound: "as above, plus whatever the page cache did not hold yet"))
        }
        SummaryRow.write(rows, key: summaryKey)
    }
}
