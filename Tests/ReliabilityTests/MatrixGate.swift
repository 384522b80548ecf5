import Foundation

/// Lets at most `FAULT_MATRIX_PARALLEL` cells (default 8) run at once: each cell is mostly waiting (on the line, on
/// the simulator), so they overlap well, but every one is a simulator process and a 500 ms reply deadline, and on a
/// 2-core machine too many at once would make the line faults of one cell out of the CPU starvation of the others.
actor MatrixGate {
    static let shared = MatrixGate(limit: ProcessInfo.processInfo.environment["FAULT_MATRIX_PARALLEL"].flatMap { Int($0) } ?? 8)

    private let limit: Int
    private var running = 0
    private var queue: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// Runs `body` once a slot is free.
    func enter() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { queue.append($0) }
    }

    /// Frees the slot for the next waiting cell.
    func leave() {
        if queue.isEmpty {
            running -= 1
        } else {
            queue.removeFirst().resume()
        }
    }
}
