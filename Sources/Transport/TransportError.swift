/// Why a transport could not open, move bytes or close, naming the port and what to do about it.
///
/// The driver above acts on the case (`disconnected` means "find the adapter again and reconnect"; `writeTimedOut`
/// means "the line is in an unknown state"), and a nurse or engineer reads the description, so every case names the
/// port and every description says what was tried and what is accepted.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path (or the adapter was unplugged before it could be opened).
    case deviceMissing(port: String)
    /// The path exists but is not a serial port the chosen transport can drive; `detail` says what it is.
    case notASerialPort(port: String, detail: String)
    /// libserialport was asked to open a pseudo-terminal, which it cannot drive (it needs a kernel tty class entry and
    /// modem-control ioctls a pty lacks); the tty transport can.
    case pseudoTerminalNotSupported(port: String)
    /// The operating system refused access to the device node.
    case permissionDenied(port: String)
    /// Another program (or another transport in this one) already holds the port.
    case busy(port: String)
    /// The device refused a line setting, or reading the settings back showed it was not applied.
    case settingRejected(port: String, setting: String)
    /// The TCP host name could not be resolved.
    case hostNotFound(port: String, detail: String)
    /// The serial device server refused the TCP connection (nothing listens on that port).
    case connectionRefused(port: String)
    /// The TCP connection was not established within the connect timeout.
    case connectTimedOut(port: String, timeout: Duration)
    /// The peer went away: adapter unplugged, pseudo-terminal closed, TCP connection closed or reset.
    case disconnected(port: String)
    /// Not all bytes could be written before the write timeout; `written` of `total` left (the line's state is unknown).
    case writeTimedOut(port: String, written: Int, total: Int)
    /// Bytes were still queued for the line when the drain timeout ran out.
    case drainTimedOut(port: String, pendingBytes: Int)
    /// The calling task was cancelled while waiting for bytes.
    case cancelled(port: String)
    /// The transport was already closed.
    case closed(port: String)
    /// The caller asked for something no transport can do (for example a read of zero bytes).
    case invalidRequest(port: String, detail: String)
    /// Any other operating-system failure, with the call that failed and the system's message.
    case systemFailure(port: String, operation: String, detail: String)

    /// The port the error concerns, as the transport describes it (`/dev/ttyUSB0`, `tcp://10.0.0.5:4001`).
    public var port: String {
        switch self {
        case .deviceMissing(let port), .notASerialPort(let port, _), .pseudoTerminalNotSupported(let port),
             .permissionDenied(let port), .busy(let port), .settingRejected(let port, _), .hostNotFound(let port, _),
             .connectionRefused(let port), .connectTimedOut(let port, _), .disconnected(let port),
             .writeTimedOut(let port, _, _), .drainTimedOut(let port, _), .cancelled(let port), .closed(let port),
             .invalidRequest(let port, _), .systemFailure(let port, _, _):
            return port
        }
    }

    /// One line a nurse or engineer can act on.
    public var description: String {
        switch self {
        case .deviceMissing(let port):
            return "\(port): no such device; check that the pump's serial adapter is plugged in and that the port name is right (see `infusion ports`)"
        case .notASerialPort(let port, let detail):
            return "\(port): not a serial port (\(detail))"
        case .pseudoTerminalNotSupported(let port):
            return "\(port): is a pseudo-terminal, which libserialport cannot drive; open it with the tty transport (termios) instead"
        case .permissionDenied(let port):
            return "\(port): permission denied; add the user running infusion to the group owning the device (usually `dialout`: sudo usermod -aG dialout USER, then log in again)"
        case .busy(let port):
            return "\(port): in use by another program or connection; only one controller may talk to a pump at a time"
        case .settingRejected(let port, let setting):
            return "\(port): the device did not accept \(setting)"
        case .hostNotFound(let port, let detail):
            return "\(port): the host name could not be resolved (\(detail))"
        case .connectionRefused(let port):
            return "\(port): connection refused; check the serial device server's address and TCP port"
        case .connectTimedOut(let port, let timeout):
            return "\(port): no connection within \(timeout); check that the serial device server is powered and reachable"
        case .disconnected(let port):
            return "\(port): disconnected (adapter unplugged, line closed or connection reset)"
        case .writeTimedOut(let port, let written, let total):
            return "\(port): only \(written) of \(total) bytes could be written before the write timeout; the line's state is unknown"
        case .drainTimedOut(let port, let pending):
            return "\(port): \(pending) bytes were still waiting to be sent when the drain timeout ran out"
        case .cancelled(let port):
            return "\(port): the operation was cancelled"
        case .closed(let port):
            return "\(port): the transport is closed"
        case .invalidRequest(let port, let detail):
            return "\(port): invalid request: \(detail)"
        case .systemFailure(let port, let operation, let detail):
            return "\(port): \(operation) failed: \(detail)"
        }
    }
}
