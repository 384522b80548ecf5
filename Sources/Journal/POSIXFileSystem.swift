#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The few system calls the journal needs beyond SQLite, each returning a readable cause instead of a bare errno.
///
/// Durability of a new file needs more than `fsync` of the file: the directory entry that names it must be synced
/// too, or a power cut can leave a complete file that no directory points at.
enum POSIXFileSystem {
    /// A failed system call: what was attempted on which path, and the system's reason.
    struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32

        var reason: String { String(cString: strerror(code)) }
        var description: String { "\(operation) \(path): \(reason) (errno \(code))" }
    }

    /// Runs `body`, retrying while it fails with EINTR.
    static func retryingInterrupts(_ body: () -> Int32) -> Int32 {
        var result: Int32
        repeat { result = body() } while result == -1 && errno == EINTR
        return result
    }

    /// Creates `path` and any missing parents (mode 0755), syncing each parent directory so the new directory
    /// survives a power cut.
    static func createDirectories(_ path: String) throws(Failure) {
        var missing: [String] = []
        var current = URL(fileURLWithPath: path).standardizedFileURL
        while !FileManager.default.fileExists(atPath: current.path) {
            missing.append(current.path)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        for directory in missing.reversed() {
            if retryingInterrupts({ mkdir(directory, 0o755) }) != 0 && errno != EEXIST {
                throw Failure(operation: "create directory", path: directory, code: errno)
            }
            try syncDirectory(URL(fileURLWithPath: directory).deletingLastPathComponent().path)
        }
    }

    /// `fsync` on a directory, making the creation, rename or removal of its entries durable.
    static func syncDirectory(_ path: String) throws(Failure) {
        let descriptor = retryingInterrupts { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw Failure(operation: "open directory", path: path, code: errno) }
        defer { close(descriptor) }
        guard retryingInterrupts({ fsync(descriptor) }) == 0 else {
            throw Failure(operation: "sync directory", path: path, code: errno)
        }
    }

    /// Replaces the file at `path` with `contents` so that, even across a crash or power cut, the file holds either
    /// the old contents or the new, never a mix: write a temporary file, fsync it, rename it over, fsync the directory.
    static func replaceAtomically(path: String, temporaryPath: String, directory: String, contents: String) throws(Failure) {
        let descriptor = retryingInterrupts { open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else { throw Failure(operation: "create", path: temporaryPath, code: errno) }
        var closed = false
        defer { if !closed { close(descriptor) } }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "write", path: temporaryPath, code: errno)
            }
            written += result
        }
        guard retryingInterrupts({ fsync(descriptor) }) == 0 else {
            throw Failure(operation: "sync", path: temporaryPath, code: errno)
        }
        closed = true
        guard close(descriptor) == 0 else { throw Failure(operation: "close", path: temporaryPath, code: errno) }
        guard rename(temporaryPath, path) == 0 else { throw Failure(operation: "rename to \(path)", path: temporaryPath, code: errno) }
        try syncDirectory(directory)
    }

    /// Reads a small file whole; nil when it does not exist.
    static func readSmallFile(_ path: String, limit: Int) throws(Failure) -> [UInt8]? {
        let descriptor = retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw Failure(operation: "open", path: path, code: errno)
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= limit {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(operation: "read", path: path, code: errno)
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    /// Closes a descriptor this module opened (named so it cannot be confused with a type's own `close()`).
    static func closeDescriptor(_ descriptor: Int32) {
        _ = close(descriptor)
    }

    /// True when the file at `path` exists.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Size of the file at `path`, or nil when it does not exist.
    static func size(_ path: String) -> Int64? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int64(status.st_size)
    }

    /// True when `path` is a directory.
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// nil when the process may write `path`, else the reason (`access(W_OK)`).
    static func writeProblem(_ path: String) -> Failure? {
        access(path, W_OK) == 0 ? nil : Failure(operation: "write access to", path: path, code: errno)
    }
}
