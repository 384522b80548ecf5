import Glibc

/// The `--link` symlink: created pointing at the current pty slave, re-pointed atomically after a replug, removed
/// on exit and while the cable is unplugged (a device that disappears, as a USB adapter would).
struct LinkSymlink {
    let path: String

    /// Points the link at `target`, replacing an earlier symlink atomically (symlink to a temporary name, then
    /// rename), so a client never finds the path missing or half-made during a re-point.
    func point(to target: String) throws(SystemError) {
        let temporary = path + ".pump-sim-\(getpid())"
        _ = unlink(temporary)
        guard symlink(target, temporary) == 0 else { throw SystemError.current("--link: cannot create a symlink at '\(temporary)'") }
        guard rename(temporary, path) == 0 else {
            let error = SystemError.current("--link: cannot move the symlink to '\(path)'")
            _ = unlink(temporary)
            throw error
        }
    }

    /// Removes the link if it still points at `target` (never a file someone else put there).
    func remove(ifPointingAt target: String) {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return }
        let current = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if current == target { _ = unlink(path) }
    }
}
