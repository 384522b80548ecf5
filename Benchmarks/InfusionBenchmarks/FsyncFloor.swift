import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The floor under every durable write: one 4 KiB write and fsync of a file, in the directory the journal uses.
///
/// Used from one thread at a time (the raw baseline's dedicated thread), hence `@unchecked Sendable`.
final class FsyncFloor: @unchecked Sendable {
    private let path: String
    private var descriptor: Int32
    private let page = [UInt8](repeating: 0x4A, count: 4096)

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws(BenchError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system(operation: "open \(path)", detail: String(cString: strerror(errno))) }
    }

    deinit { close() }

    /// One 4 KiB write at offset 0 and an fsync; returns the seconds they took.
    func writeAndSync() throws(BenchError) -> Double {
        let start = ContinuousClock.now
        let written = page.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == page.count else {
            throw .system(operation: "write of \(path)", detail: String(cString: strerror(errno)))
        }
        guard fsync(descriptor) == 0 else { throw .system(operation: "fsync of \(path)", detail: String(cString: strerror(errno))) }
        return (ContinuousClock.now - start).seconds
    }

    /// Closes and removes the file. Idempotent.
    func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
        unlink(path)
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
