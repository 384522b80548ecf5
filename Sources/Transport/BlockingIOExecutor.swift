import Dispatch

/// The serial executor of one transport actor: its own dispatch queue, so its blocking calls never hold a pool thread.
///
/// A transport blocks in poll() for up to a read timeout. On Swift's cooperative pool (one thread per core: two on the
/// target machine) two such reads would stall every other task in the program, the driver's timers included. A serial
/// queue made here targets libdispatch's overcommitting root queue, which starts another thread when one blocks, so a
/// blocked transport stalls only itself. (`DispatchSerialQueue`, a ready-made `SerialExecutor` on Darwin, does not
/// exist in Linux's Dispatch; this class is the same idea.) Every actor-isolated method of a transport, opening
/// included, runs on this queue; the actor's serialisation is what makes a descriptor safe to use without locks.
final class BlockingIOExecutor: SerialExecutor {
    private let queue: DispatchQueue

    /// A new executor whose queue carries `label` (visible in debuggers and crash reports).
    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
