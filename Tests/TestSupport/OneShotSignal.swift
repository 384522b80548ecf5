import Foundation

/// A one-shot event another thread can wait for, with a deadline.
final class OneShotSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var raised = false

    func raise() {
        condition.lock()
        raised = true
        condition.broadcast()
        condition.unlock()
    }

    /// True when raised before `deadline` (nil: wait as long as it takes).
    func wait(until deadline: Date?) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !raised {
            if let deadline {
                if !condition.wait(until: deadline) { return raised }
            } else {
                condition.wait()
            }
        }
        return true
    }
}
