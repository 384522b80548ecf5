import Foundation

/// An append-only record of what happened (simulator output lines, monitor updates, driver exchanges), in arrival
/// order, that a test can wait on with a deadline instead of sleeping.
///
/// Appends come from any thread (a pipe reader, the driver's exchange observer, a task draining the monitor stream)
/// and are synchronous, so the order kept is the order of the appends. A waiter is a condition on the whole record,
/// checked at once and after every append; it is resumed with the condition's result, or with nil when the deadline
/// passes or the record is finished (the pipe closed) first. The deadline is a timer on Dispatch, not a sleep, and
/// no thread is blocked while waiting.
final class Timeline<Item: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Item] = []
    private var finished = false
    private var waiters: [Int: Waiter] = [:]
    private var nextWaiterId = 0

    private struct Waiter {
        let check: ([Item]) -> (any Sendable)?
        let resume: ((any Sendable)?) -> Void
    }

    /// Everything recorded so far.
    var all: [Item] {
        lock.withLock { items }
    }

    /// How many items were recorded so far (a mark for "from now on").
    var count: Int {
        lock.withLock { items.count }
    }

    /// True once the source ended (a pipe at its end).
    var isFinished: Bool {
        lock.withLock { finished }
    }

    /// Records `item` and resumes every waiter whose condition it satisfies.
    func append(_ item: Item) {
        var ready: [(Waiter, any Sendable)] = []
        lock.withLock {
            items.append(item)
            for (id, waiter) in waiters {
                if let result = waiter.check(items) {
                    waiters[id] = nil
                    ready.append((waiter, result))
                }
            }
        }
        for (waiter, result) in ready { waiter.resume(result) }
    }

    /// The source ended: waiters whose condition is still unmet get nil.
    func finish() {
        let pending: [Waiter] = lock.withLock {
            finished = true
            defer { waiters = [:] }
            return Array(waiters.values)
        }
        for waiter in pending { waiter.resume(nil) }
    }

    /// Waits until `condition` returns a value for the record (checked now and after every append), at most
    /// `seconds`; nil at the deadline or when the source ended first.
    func wait<Result: Sendable>(
        within seconds: Double, until condition: @escaping @Sendable ([Item]) -> Result?
    ) async -> Result? {
        let outcome: (any Sendable)? = await withCheckedContinuation { (continuation: CheckedContinuation<(any Sendable)?, Never>) in
            lock.lock()
            if let result = condition(items) {
                lock.unlock()
                continuation.resume(returning: result)
                return
            }
            if finished {
                lock.unlock()
                continuation.resume(returning: nil)
                return
            }
            let id = nextWaiterId
            nextWaiterId += 1
            waiters[id] = Waiter(check: { condition($0) }, resume: { continuation.resume(returning: $0) })
            lock.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [weak self] in
                self?.expire(id)
            }
        }
        return outcome as? Result
    }

    /// Waits for the first item at or after index `from` that satisfies `matches`; returns its index and the item.
    func first(
        from start: Int = 0, within seconds: Double, where matches: @escaping @Sendable (Item) -> Bool
    ) async -> (index: Int, item: Item)? {
        let found: IndexedItem? = await wait(within: seconds) { items in
            guard start < items.count else { return nil }
            guard let index = items[start...].firstIndex(where: matches) else { return nil }
            return IndexedItem(index: index, item: items[index])
        }
        return found.map { ($0.index, $0.item) }
    }

    private struct IndexedItem: Sendable {
        let index: Int
        let item: Item
    }

    private func expire(_ id: Int) {
        let waiter: Waiter? = lock.withLock {
            defer { waiters[id] = nil }
            return waiters[id]
        }
        waiter?.resume(nil)
    }
}
