import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a program, reads its whole stdout, waits for it: the wall time from spawn to exit, as a user or a script
/// calling the program sees it.
struct TimedSpawn: Sendable {
    /// Spawn to exit (stdout read to its end).
    let elapsed: Duration
    /// The exit code.
    let exitCode: Int32
    /// The child's CPU time (user + system, with the children it waited for).
    let cpu: Duration
    /// Everything the program wrote on stdout.
    let output: [UInt8]

    /// Runs `executable` with `arguments` on a dedicated thread; stdout through a pipe, stderr to `errorFile`.
    static func run(_ executable: String, _ arguments: [String], errorFile: String? = nil) async throws(BenchError) -> TimedSpawn {
        let result = await DedicatedThread.run("spawn") { () -> Result<TimedSpawn, BenchError> in
            do throws(BenchError) {
                return .success(try runBlocking(executable, arguments, errorFile: errorFile))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], errorFile: String?) throws(BenchError) -> TimedSpawn {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .system(operation: "pipe", detail: String(cString: strerror(errno))) }
        // Close-on-exec on both ends: the child gets only the dup2'd copy as its stdout.
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        defer { close(fds[0]) }
        let start = ContinuousClock.now
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                executable, arguments, standardOutput: .descriptor(fds[1]), standardError: errorFile.map { .file($0) } ?? .null)
        } catch {
            close(fds[1])
            throw error
        }
        close(fds[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            output += buffer[0..<count]
        }
        let (code, cpu) = try child.waitWithCPU()
        return TimedSpawn(elapsed: ContinuousClock.now - start, exitCode: code, cpu: cpu, output: output)
    }
}
