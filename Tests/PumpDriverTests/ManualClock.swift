import Foundation

/// A clock that moves only when a test moves it, so deadlines, poll intervals and back-off are exact and no test
/// ever sleeps on the wall clock.
///
/// Sleepers register their deadline; `advance(to:)` resumes those whose deadline has come. `nextDeadline()` waits
/// (on an event, not on time) until the code under test is sleeping, which is how a test knows the driver has armed
/// its reply deadline before moving time past it.
final class ManualClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        let offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [Int: Sleeper] = [:]
    private var nextId = 0
    private var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .zero }

    /// The time since the clock was created.
    var elapsed: Duration { now.offset }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = lock.withLock {
            nextId += 1
            return nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready: [CheckedContinuation<Void, Never>] = lock.withLock {
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                        return []
                    }
                    if deadline <= current {
                        continuation.resume()
                        return []
                    }
                    sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    let count = sleepers.count
                    let due = watchers.filter { $0.count <= count }.map(\.continuation)
                    watchers.removeAll { $0.count <= count }
                    return due
                }
                for watcher in ready { watcher.resume() }
            }
        } onCancel: {
            let sleeper = lock.withLock { sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock to `offset` (never backwards) and wakes every sleeper whose deadline has come.
    func advance(to offset: Duration) {
        let due: [CheckedContinuation<Void, any Error>] = lock.withLock {
            if offset > current.offset { current = Instant(offset: offset) }
            let ready = sleepers.filter { $0.value.deadline <= current }
            for id in ready.keys { sleepers[id] = nil }
            return ready.values.sorted { $0.deadline < $1.deadline }.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    /// Moves the clock forward by `duration`.
    func advance(by duration: Duration) {
        advance(to: elapsed + duration)
    }

    /// Waits until at least `count` tasks are sleeping on this clock.
    func waitForSleepers(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = lock.withLock { () -> Bool in
                if sleepers.count >= count { return true }
                watchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Waits until something sleeps, then returns the earliest deadline (as an offset) without moving the clock.
    func nextDeadline() async -> Duration {
        await waitForSleepers(1)
        return lock.withLock { sleepers.values.map(\.deadline.offset).min() ?? current.offset }
    }

    /// Waits until something sleeps, moves the clock to the earliest deadline, and returns it.
    @discardableResult
    func fireNextDeadline() async -> Duration {
        let deadline = await nextDeadline()
        advance(to: deadline)
        return deadline
    }
}
