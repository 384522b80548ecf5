import Foundation
import Workflow

/// A wall clock a test steps by hours, as an NTP correction or an operator's `date -s` would, while it otherwise
/// moves by exactly one second per reading (deterministic times, strictly increasing between steps).
///
/// Every value it returns is kept, so a test can check that the journal recorded exactly what the clock said.
final class ClockSteppingWallClock: WallClock, @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var current: Date
    private var returned: [Date] = []
    private var stepEveryReading: TimeInterval

    /// Starts at `start`; with `stepEveryReading`, every reading jumps by that much instead of one second.
    init(_ start: Date, stepEveryReading: TimeInterval = 0) {
        current = start
        self.stepEveryReading = stepEveryReading
    }

    func now() -> Date {
        lock.withLock {
            current = current.addingTimeInterval(stepEveryReading == 0 ? 1 : stepEveryReading)
            returned.append(current)
            return current
        }
    }

    /// Steps the clock by `seconds` (negative: backwards), as a time correction would.
    func step(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    /// From now on, every reading jumps by `seconds` (0: back to one second per reading).
    func stepEveryReading(by seconds: TimeInterval) {
        lock.withLock { stepEveryReading = seconds }
    }

    /// Every time the clock has returned, in order.
    var readings: [Date] { lock.withLock { returned } }
}
