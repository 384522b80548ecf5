import Glibc

/// Turns a failure to open a port into a ``TransportError`` that names the port and says what to do.
///
/// Kept apart from the system calls so every mapping can be tested without the hardware that would produce it (an
/// unplugged adapter, a port held by another program, a missing group membership).
enum OpenFailure {
    /// Which library tried to open the port; it changes the advice for a pseudo-terminal.
    enum Opener: Equatable {
        case termios
        case libserialport
    }

    /// The error for an open that failed with errno `code` on `port`, whose node is `node`; `detail` is the
    /// library's own message, used when nothing more specific fits.
    static func error(errno code: Int32, port: String, node: DeviceNode, opener: Opener, detail: String) -> TransportError {
        switch code {
        case ENOENT, ENODEV, ENXIO:
            return .deviceMissing(port: port)
        case EACCES, EPERM:
            return .permissionDenied(port: port)
        case EBUSY:
            return .busy(port: port)
        case EISDIR, ENOTDIR:
            return .notASerialPort(port: port, detail: "it is not a device node")
        case ENOTTY, EINVAL:
            if node == .pseudoTerminal && opener == .libserialport { return .pseudoTerminalNotSupported(port: port) }
            return .notASerialPort(port: port, detail: "it does not answer serial-port requests: \(detail)")
        default:
            let operation = opener == .termios ? "open" : "sp_open"
            return .systemFailure(port: port, operation: operation, detail: detail)
        }
    }

    /// The error when libserialport does not know `port` at all (`sp_get_port_by_name` failed): it only knows ports
    /// the kernel lists under /sys/class/tty, so say what the path is instead.
    static func unknownToLibserialport(port: String, node: DeviceNode) -> TransportError {
        switch node {
        case .missing:
            return .deviceMissing(port: port)
        case .pseudoTerminal:
            return .pseudoTerminalNotSupported(port: port)
        case .characterDevice:
            return .notASerialPort(port: port, detail: "the kernel lists no serial port of that name under /sys/class/tty")
        case .notADevice:
            return .notASerialPort(port: port, detail: "it is not a device node")
        }
    }
}
