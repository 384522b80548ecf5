#if canImport(Glibc)
import Glibc
#endif

/// CPU time and context switches, from getrusage: what a figure costs the controller, as opposed to how long it
/// takes.
struct CPUTime: Sendable {
    /// User + system time.
    let cpu: Duration
    /// Voluntary + involuntary context switches (each a thread going to sleep or being preempted).
    let contextSwitches: Int

    /// The whole benchmark process (every thread).
    static func process() -> CPUTime { usage(0) }

    /// The calling thread only.
    static func thread() -> CPUTime { usage(1) }

    static func - (lhs: CPUTime, rhs: CPUTime) -> CPUTime {
        CPUTime(cpu: lhs.cpu - rhs.cpu, contextSwitches: lhs.contextSwitches - rhs.contextSwitches)
    }

    /// `who`: RUSAGE_SELF (0) or RUSAGE_THREAD (1, Linux; the Glibc module does not export it without _GNU_SOURCE).
    private static func usage(_ who: Int32) -> CPUTime {
        var usage = rusage()
        guard getrusage(who, &usage) == 0 else { return CPUTime(cpu: .zero, contextSwitches: 0) }
        let microseconds = Int64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000
            + Int64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        return CPUTime(cpu: .microseconds(microseconds), contextSwitches: usage.ru_nvcsw + usage.ru_nivcsw)
    }
}
