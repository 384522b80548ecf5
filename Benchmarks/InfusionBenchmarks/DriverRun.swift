import PumpDriver

/// Back-to-back STAT requests through one driver for a fixed time: the driver's side of a round-trip figure.
struct DriverRun: Sendable {
    /// Complete round trips.
    let roundTrips: Int
    /// Wall time they took.
    let elapsed: Duration
    /// CPU time and context switches of the whole benchmark process over the run (the controller; pump-sim is
    /// another process).
    let process: CPUTime

    /// Round trips per second.
    var rate: Double { Double(roundTrips) / max(elapsed.seconds, 1e-9) }

    /// Runs `driver.status()` back to back for `duration`.
    static func statusLoop(_ driver: PumpDriver, for duration: Duration) async throws(BenchError) -> DriverRun {
        let cpuBefore = CPUTime.process()
        let start = ContinuousClock.now
        let deadline = start + duration
        var count = 0
        repeat {
            do {
                _ = try await driver.status()
            } catch {
                throw .driver("STAT: \(error)")
            }
            count += 1
        } while ContinuousClock.now < deadline
        return DriverRun(roundTrips: count, elapsed: ContinuousClock.now - start, process: CPUTime.process() - cpuBefore)
    }
}

extension RawEchoPty.Run {
    /// Round trips per second.
    var rate: Double { Double(roundTrips) / max(elapsed.seconds, 1e-9) }
}
