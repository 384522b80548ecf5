/// One benchmark's state across its iterations: the processes and lines it set up, the samples it gathered.
///
/// An iteration measures the figure AND its baseline back to back (interleaved, in rotating order), so both see the
/// same machine load; the ratio of each pair is what the table reports. `tearDown` writes the summary rows.
protocol BenchmarkFixture: Actor {
    /// The name of this benchmark's results file for `scripts/bench` (`1-round-trip`), in table order.
    nonisolated var summaryKey: String { get }
    /// The custom metrics `iteration()` reports, declared up front as the benchmark tool requires.
    static var metrics: [MetricSpec] { get }

    /// Starts what the iterations need (simulators, lines, files); measures nothing.
    func setUp() async throws(BenchError)
    /// Measures once; returns a value (or several) per custom metric.
    func iteration() async throws(BenchError) -> [Measurement]
    /// Stops what `setUp` started (also after a failed `setUp`) and writes the summary rows, if any were measured.
    func tearDown() async
}

/// A custom metric as the benchmark tool shows it: the name carries the unit.
struct MetricSpec: Sendable {
    let name: String
    let prefersLarger: Bool

    static func rate(_ name: String) -> MetricSpec { MetricSpec(name: name, prefersLarger: true) }
    static func cost(_ name: String) -> MetricSpec { MetricSpec(name: name, prefersLarger: false) }
}

/// One value of a custom metric (integers: the benchmark tool's histograms hold integers, hence the units in names).
struct Measurement: Sendable {
    let metric: String
    let value: Int

    init(_ metric: String, _ value: Double) {
        self.metric = metric
        self.value = value.isFinite ? Int(value.rounded()) : 0
    }
}
