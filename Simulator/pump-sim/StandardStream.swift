import Glibc

/// Whole-line writes to stdout (the machine-readable reports) and stderr (trace, errors), unbuffered so a test
/// reading the pipe sees each line as soon as it happens.
enum StandardStream {
    /// Writes `line` and a newline to stdout.
    static func out(_ line: String) {
        write(line + "\n", to: STDOUT_FILENO)
    }

    /// Writes `line` and a newline to stderr.
    static func error(_ line: String) {
        write(line + "\n", to: STDERR_FILENO)
    }

    /// Writes all bytes, retrying partial writes and interruptions; a closed reader (EPIPE) is ignored: the
    /// simulator keeps serving the pump line even when nobody reads its reports.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
        bytes.removeAll()
    }
}
