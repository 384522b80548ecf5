import Benchmark
import Foundation

/// The benchmark suite (docs/performance.md). Every figure is printed beside a baseline measured in the same run,
/// and `scripts/bench` tabulates their ratios, so the figures survive a noisy, shared 2-core machine.
let benchmarks: @Sendable () -> Void = {
    let quick = ProcessInfo.processInfo.environment["INFUSION_BENCH_QUICK"] == "1"

    register("1 Round trip over a pty: driver STAT vs raw echo", RoundTripBenchmark(quick: quick),
             iterations: quick ? 2 : 12)
    register("2 Wire efficiency: paced STAT round trip vs wire time", WireEfficiencyBenchmark(quick: quick),
             iterations: quick ? 1 : 6)
    for pumps in FleetBenchmark.sizes {
        register("3 Fleet: \(pumps) pumps polled at 1 Hz", FleetBenchmark(pumps: pumps, quick: quick), iterations: 1)
    }
    register("4 Journal: durable appends vs raw SQLite", JournalBenchmark(quick: quick), iterations: quick ? 1 : 5)
    register("5a Infusion prepare cold start vs /bin/true", ColdStartBenchmark(quick: quick), iterations: quick ? 2 : 15)
    register("5b 60-minute infusion in accelerated time", AcceleratedInfusionBenchmark(quick: quick), iterations: 1)
}

/// Registers `fixture` as one benchmark whose metrics are its custom metrics only (no sampling thread, no malloc
/// hooks), with no warm-up iteration (each fixture warms up inside its own measurement where that matters).
private func register<Fixture: BenchmarkFixture>(_ name: String, _ fixture: Fixture, iterations: Int) {
    let metrics = Fixture.metrics.map { spec in
        BenchmarkMetric.custom(spec.name, polarity: spec.prefersLarger ? .prefersLarger : .prefersSmaller, useScalingFactor: false)
    }
    // Plain counts: the unit is in each metric's name, and a "(K)" scale would hide it.
    let configuration = Benchmark.Configuration(
        metrics: metrics, units: Dictionary(uniqueKeysWithValues: metrics.map { ($0, BenchmarkUnits.count) }),
        warmupIterations: 0, maxDuration: .seconds(600), maxIterations: iterations)
    Benchmark(name, configuration: configuration) { benchmark in
        do {
            for measurement in try await fixture.iteration() {
                guard let metric = metrics.first(where: { $0.description == measurement.metric }) else { continue }
                benchmark.measurement(metric, measurement.value)
            }
        } catch {
            benchmark.error("\(name): \(error)")
            SummaryRow.writeFailure("\(name): \(error)", key: fixture.summaryKey)
        }
    } setup: {
        // The benchmark tool runs no teardown after a failed setup: stop whatever was started before rethrowing.
        do {
            try await fixture.setUp()
        } catch {
            await fixture.tearDown()
            SummaryRow.writeFailure("\(name): setup failed: \(error)", key: fixture.summaryKey)
            throw error
        }
    } teardown: {
        await fixture.tearDown()
    }
}
