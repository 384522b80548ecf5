import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, the way a shell or a supervisor starts a program.
///
/// Every child the benchmarks start (pump-sim, infusion, /bin/true) goes through here, so a figure and its baseline
/// pay exactly the same spawning cost. The benchmark tool preloads its malloc interposer into the benchmark process
/// (`LD_PRELOAD`); children get the environment WITHOUT it, so they run as they would in production.
struct ChildProcess: Sendable {
    /// Where a child's standard output goes.
    enum Output: Sendable {
        /// Discarded.
        case null
        /// Appended to a file (created when missing).
        case file(String)
        /// The write end of a pipe the caller reads.
        case descriptor(Int32)
    }

    /// The process id.
    let pid: pid_t
    /// The executable, for messages.
    let executable: String

    /// Starts `executable` with `arguments`; stdin is /dev/null, stderr goes where `standardError` says.
    static func spawn(
        _ executable: String, _ arguments: [String], standardOutput: Output = .null, standardError: Output = .null
    ) throws(BenchError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (target, output) in [(Int32(1), standardOutput), (Int32(2), standardError)] {
            switch output {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            case .descriptor(let descriptor):
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            }
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = childEnvironment().map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else { throw .spawnFailed(executable: executable, detail: String(cString: strerror(status))) }
        return ChildProcess(pid: pid, executable: executable)
    }

    /// Waits for the child to end; returns its exit code, or throws when it was killed by a signal.
    @discardableResult
    func wait() throws(BenchError) -> Int32 {
        try waitWithCPU().exitCode
    }

    /// Waits for the child to end; returns its exit code and the CPU time (user + system) it used, with that of the
    /// children it waited for, from wait4: unlike wall time, it does not grow when a loaded machine makes the child
    /// wait for a core.
    func waitWithCPU() throws(BenchError) -> (exitCode: Int32, cpu: Duration) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw .system(operation: "waitpid \(pid)", detail: String(cString: strerror(errno))) }
        }
        let signal = status & 0x7F
        guard signal == 0 else { throw .childFailed(executable: executable, status: "was killed by signal \(signal)", outputFile: nil) }
        let microseconds = Int64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000
            + Int64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        return ((status >> 8) & 0xFF, .microseconds(microseconds))
    }

    /// Asks the child to stop (SIGTERM) and waits for it.
    func terminate() {
        kill(pid, SIGTERM)
        _ = try? wait()
    }

    /// The child's CPU time (user + system) so far, from /proc (clock-tick resolution, 10 ms on most kernels).
    func cpuTime() -> Duration? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int64(fields[11]), let system = Int64(fields[12]) else { return nil }
        let ticksPerSecond = Int64(sysconf(Int32(_SC_CLK_TCK)))
        guard ticksPerSecond > 0 else { return nil }
        return .nanoseconds((user + system) * 1_000_000_000 / ticksPerSecond)
    }

    /// This process's environment without the benchmark tool's preloads.
    private static func childEnvironment() -> [String] {
        ProcessInfo.processInfo.environment.filter { $0.key != "LD_PRELOAD" }.map { "\($0.key)=\($0.value)" }
    }
}
