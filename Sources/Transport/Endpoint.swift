/// Where a pump is and how to reach it: the one value the driver needs to (re)open its transport.
public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// A tty or pseudo-terminal by path, through POSIX termios (``TermiosTransport``).
    case tty(path: String, baudRate: BaudRate)
    /// A hardware serial port through libserialport (``SerialPortTransport``).
    case serialPort(name: String, baudRate: BaudRate)
    /// A serial device server over TCP (``TCPTransport``).
    case tcp(host: String, port: UInt16)

    /// The endpoint for a device path, choosing the transport from what the path is: a pseudo-terminal (the
    /// simulator, a test bed) goes through termios, since libserialport cannot drive one; anything else through
    /// libserialport, whose errors then say what the path really is.
    public static func device(_ path: String, baudRate: BaudRate) -> Endpoint {
        DeviceNode.classify(path) == .pseudoTerminal
            ? .tty(path: path, baudRate: baudRate)
            : .serialPort(name: path, baudRate: baudRate)
    }

    /// `/dev/ttyUSB0 (libserialport, 38400 baud)`.
    public var description: String {
        switch self {
        case .tty(let path, let baudRate): return "\(path) (termios, \(baudRate))"
        case .serialPort(let name, let baudRate): return "\(name) (libserialport, \(baudRate))"
        case .tcp(let host, let port): return "tcp://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        }
    }
}
