import Dispatch

/// A serial executor on a dedicated dispatch queue, on which the `Journal` actor runs.
///
/// Every journal call blocks on disk (SQLite's commit fsyncs, the head anchor's fsync and rename). Running the actor
/// on its own queue keeps that blocking off Swift's small cooperative thread pool, so a slow disk delays journal
/// callers only, never the pump drivers' deadlines. Each call runs start to finish with no suspension point inside,
/// so calls never interleave (no actor reentrancy in the middle of an append).
final class JournalExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked: the only state is an immutable reference to a DispatchQueue, which is thread-safe.
    private let queue: DispatchQueue

    /// Creates an executor on a new serial queue labelled with the journal's path (visible in debuggers).
    init(label: String) {
        queue = DispatchQueue(label: "journal \(label)", qos: .userInitiated)
    }

    func enqueue(_ job: UnownedJob) {
        queue.async {
            job.runSynchronously(on: self.asUnownedSerialExecutor())
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
