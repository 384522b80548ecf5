import Glibc

/// A failed system call at run time (a device or socket that cannot be opened): the simulator reports it on one
/// line and exits 1, as opposed to a bad flag (exit 2).
struct SystemError: Error, CustomStringConvertible {
    let message: String

    /// `what` failed with the current `errno`.
    static func current(_ what: String) -> SystemError {
        let code = errno
        return SystemError(message: "\(what): \(String(cString: strerror(code))) (errno \(code))")
    }

    var description: String { message }
}
