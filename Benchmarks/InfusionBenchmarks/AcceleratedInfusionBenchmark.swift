import Foundation

/// Figure 5b: the 60-minute infusion of `infusion demo` end to end in accelerated time (order, verification, scans,
/// compounding, check, label, dispense, bedside, program with read-back, START, supervision to completion, stop,
/// journal printed and verified), wall seconds from spawn to exit, against the infusion's own duration divided by
/// the speed: the time the simulated physics needs however fast the software is.
actor AcceleratedInfusionBenchmark: BenchmarkFixture {
    nonisolated let summaryKey = "5b-demo"
    static let speeds = [240, 3600]
    static let metrics: [MetricSpec] = speeds.map { .cost("infusion demo --speed \($0), spawn to exit (ms)") }

    private let runs: [Int]
    private var environment: BenchEnvironment?
    private var infusionSeconds: Decimal = 0
    private var walls: [Int: Samples] = [:]
    /// CPU time (user + system) of `infusion demo` and the pump-sim it started and reaped.
    private var cpus: [Int: Samples] = [:]
    /// The journal's entry count and the pump exchanges, from the demo's last run at each speed.
    private var journalled: [Int: (entries: String, exchanges: String)] = [:]

    init(quick: Bool) {
        runs = quick ? [3600] : [240, 3600, 3600, 3600]
    }

    func setUp() async throws(BenchError) {
        let environment = try BenchEnvironment.current()
        self.environment = environment
        let prepare = try await TimedSpawn.run(
            environment.infusionPath, DemoOrder.prepareArguments + ["--config-dir", environment.configDirectory])
        guard prepare.exitCode == 0 else {
            throw .childFailed(executable: "infusion prepare", status: "exited \(prepare.exitCode)", outputFile: nil)
        }
        infusionSeconds = try DemoOrder.infusionSeconds(fromPrepareJSON: prepare.output)
    }

    func iteration() async throws(BenchError) -> [Measurement] {
        guard let environment else { throw .unexpectedOutput(source: "infusion demo", detail: "not set up") }
        var measurements: [Measurement] = []
        for speed in runs {
            let dataDirectory = environment.scratchPath("demo-data")
            let log = environment.scratchPath("demo") + ".log"
            let run = try await TimedSpawn.run(
                environment.infusionPath,
                ["demo", "--speed", String(speed), "--config-dir", environment.configDirectory, "--data-dir", dataDirectory],
                errorFile: log)
            try? FileManager.default.removeItem(atPath: dataDirectory)
            let text = String(decoding: run.output, as: UTF8.self)
            guard run.exitCode == 0, text.contains("VERIFICATION: ") else {
                try? text.write(toFile: log + ".stdout", atomically: true, encoding: .utf8)
                throw .childFailed(executable: "infusion demo --speed \(speed)", status: "exited \(run.exitCode)", outputFile: log)
            }
            try? FileManager.default.removeItem(atPath: log)
            walls[speed, default: Samples()].add(run.elapsed.seconds)
            cpus[speed, default: Samples()].add(run.cpu.seconds)
            journalled[speed] = (Self.number(after: "VERIFICATION: intact: ", in: text),
                                 Self.number(before: " pump exchanges in all", in: text))
            guard let index = Self.speeds.firstIndex(of: speed) else { continue }
            measurements.append(Measurement(Self.metrics[index].name, run.elapsed.seconds * 1e3))
        }
        return measurements
    }

    /// The digits right after `marker` in `text` ("?" when absent): the demo prints `VERIFICATION: intact: 36
    /// entries ...`.
    private static func number(after marker: String, in text: String) -> String {
        guard let range = text.range(of: marker) else { return "?" }
        let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? "?" : String(digits)
    }

    /// The digits right before `marker` in `text` ("?" when absent): the demo prints `(17 pump exchanges in all`.
    private static func number(before marker: String, in text: String) -> String {
        guard let range = text.range(of: marker) else { return "?" }
        let digits = text[..<range.lowerBound].reversed().prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? "?" : String(digits.reversed())
    }

    func tearDown() async {
        guard !walls.isEmpty else { return }
        let simulated = NSDecimalNumber(decimal: infusionSeconds).doubleValue
        var rows: [SummaryRow] = []
        for speed in Self.speeds {
            guard let samples = walls[speed], !samples.isEmpty else { continue }
            let ideal = simulated / Double(speed)
            rows.append(SummaryRow(
                "5b infusion demo --speed \(speed): \(String(format: "%.1f", simulated / 60)) min infusion, whole path "
                    + "(\(samples.count == 1 ? "1 run" : "median of \(samples.count)"))",
                measured: "\(Format.seconds(samples.median)) (CPU \(Format.seconds(cpus[speed]?.median ?? 0)), demo + pump-sim)",
                baseline: "\(Format.seconds(ideal)) (infusion time / \(speed))", ratio: samples.median / ideal,
                bound: "the simulated infusion; then pump-sim's start, \(journalled[speed]?.entries ?? "?") durable journal "
                    + "appends (\(journalled[speed]?.exchanges ?? "?") pump exchanges), the 250 ms poll that sees completion"))
        }
        SummaryRow.write(rows, key: summaryKey)
    }
}
