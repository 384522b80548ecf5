#if canImport(Glibc)
import Glibc
#endif

/// How late a plain thread's 10 ms timer fires while a measurement runs: the machine's own scheduling latency on a
/// loaded 2-core machine. When a figure's tail (p99, max) matches it, the tail is the machine, not the code measured.
///
/// The probe costs CPU itself (100 wake-ups a second); it reports that cost, measured on its own thread
/// (RUSAGE_THREAD), so a figure of the whole process's CPU can subtract it exactly. The cooperative pool's lateness
/// is not probed with a timer of its own (that would add pool CPU that cannot be told apart): the fleet benchmark
/// takes it from its own polls' wake-ups instead.
struct SchedulingProbe: Sendable {
    /// Lateness of each wake-up, seconds.
    let lateness: Samples
    /// CPU time of the probe thread over the run.
    let cpu: Duration

    /// Ticks every 10 ms from `start` until `end` on a dedicated thread; returns each tick's lateness.
    static func run(from start: ContinuousClock.Instant, until end: ContinuousClock.Instant) async -> SchedulingProbe {
        await DedicatedThread.run("scheduling probe") { () -> SchedulingProbe in
            let cpuBefore = CPUTime.thread()
            var samples = Samples()
            var due = start
            while due < end {
                var now = ContinuousClock.now
                while now < due {
                    usleep(UInt32(min(now.duration(to: due).seconds * 1e6 + 1, 1e6)))
                    now = ContinuousClock.now
                }
                samples.add(due.duration(to: now).seconds)
                due += .milliseconds(10)
            }
            return SchedulingProbe(lateness: samples, cpu: (CPUTime.thread() - cpuBefore).cpu)
        }
    }
}
