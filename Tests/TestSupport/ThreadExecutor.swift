import Foundation

/// An executor with one thread of its own, for in-process stand-ins (a model pump) that must keep answering on time
/// while the rest of the suite keeps Swift's cooperative pool busy.
///
/// A model pump serving a child process (`infusion pump status` against a pseudo-terminal the test holds) is judged
/// by the child's wall-clock reply timeout. On the cooperative pool (two threads on the CI machine) its jobs queued
/// behind CPU-bound tests for longer than the child's whole 2 s retry budget (measured: the full suite failed that way
/// three runs in three; each suite alone passed). An actor that returns this executor's `asUnownedSerialExecutor()`
/// from `unownedExecutor`, and tasks started with `Task(executorPreference:)`, run here instead.
public final class ThreadExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// Starts the executor's thread, named `name` (seen in a debugger's thread list). The thread lives as long as the
    /// process: make one per kind of stand-in (a `static let`), not one per instance.
    public init(name: String) {
        let thread = Thread { [self] in runJobs() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
        }
    }
}
