import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The floor under every durable write: one 4 KiB write and fsync of a file, in the directory the journal uses.
enum FsyncFloor {
    /// Write + fsync pairs back to back for `duration` on a dedicated thread; returns (count, elapsed).
    static func measure(in directory: String, for duration: Duration) async throws(BenchError) -> (count: Int, elapsed: Duration) {
        let path = directory + "/fsync-floor"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system(operation: "open \(path)", detail: String(cString: strerror(errno))) }
        let result = await DedicatedThread.run("fsync floor") { () -> (Int, Duration) in
            let page = [UInt8](repeating: 0x4A, count: 4096)
            let start = ContinuousClock.now
            var count = 0
            repeat {
                let written = page.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
                guard written == page.count, fsync(descriptor) == 0 else { break }
                count += 1
            } while ContinuousClock.now - start < duration
            return (count, ContinuousClock.now - start)
        }
        close(descriptor)
        unlink(path)
        guard result.0 > 0 else { throw .system(operation: "write + fsync of \(path)", detail: "failed at once") }
        return result
    }

    /// The file system type holding `path` (ext4, xfs, btrfs, tmpfs, overlay ...): the longest mount point of
    /// /proc/mounts that contains it.
    static func fileSystemName(_ path: String) -> String {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return "unknown" }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var best: (mountPoint: String, type: String) = ("", "unknown")
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mountPoint = String(fields[1])
            let contains = mountPoint == "/" || resolved == mountPoint || resolved.hasPrefix(mountPoint + "/")
            if contains && mountPoint.count >= best.mountPoint.count { best = (mountPoint, String(fields[2])) }
        }
        return best.type
    }
}
