import Testing
@testable import Discovery

/// The monitor's lifecycle on the real system (its events are exercised end to end under umockdev, through
/// `infusion ports --watch`).
@Suite("Port monitor")
struct PortMonitorTests {
    @Test("stopping the monitor finishes its event stream, and stopping twice is harmless", .timeLimit(.minutes(1)))
    func stopFinishesEvents() async throws {
        let monitor = try PortMonitor.start()
        let drained = Task {
            var count = 0
            for await _ in monitor.events { count += 1 }
            return count
        }
        await monitor.stop()
        await monitor.stop()
        _ = await drained.value  // returns only because the stream finished
    }
}
