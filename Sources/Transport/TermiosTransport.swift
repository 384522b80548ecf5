import Glibc

/// A serial line or pseudo-terminal opened by path through POSIX open() and termios.
///
/// This is the transport for the pump simulator (a pseudo-terminal, which libserialport cannot open) and works for any
/// tty the kernel exposes. The line is raw 8N1 without flow control at the profile's baud rate, checked by reading the
/// settings back; it is locked against a second controller; reads wait in poll() with a timeout.
public actor TermiosTransport: ByteTransport {
    /// The path it was opened with.
    public nonisolated let portDescription: String
    private nonisolated let executor: BlockingIOExecutor
    /// Every method runs on this transport's own thread; see ``BlockingIOExecutor``.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let options: TransportOptions
    /// Present while open; nil before opening completes and after close.
    private var line: TerminalLine?

    private init(path: String, options: TransportOptions) {
        portDescription = path
        executor = BlockingIOExecutor(label: "transport.tty \(path)")
        self.options = options
    }

    deinit {
        line?.close()
    }

    /// Opens `path` as a raw 8N1 line at `baudRate`, on the transport's own thread.
    public static func open(
        path: String, baudRate: BaudRate, options: TransportOptions = TransportOptions()
    ) async throws(TransportError) -> TermiosTransport {
        let transport = TermiosTransport(path: path, options: options)
        try await transport.openLine(baudRate: baudRate)
        return transport
    }

    private func openLine(baudRate: BaudRate) throws(TransportError) {
        let port = portDescription
        let descriptor = Glibc.open(port, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw OpenFailure.error(
                errno: code, port: port, node: DeviceNode.classify(port), opener: .termios, detail: systemMessage(code))
        }
        do throws(TransportError) {
            try TerminalLine.claimExclusively(descriptor: descriptor, port: port, wait: options.lockWait)
            try TerminalLine.configureRaw(descriptor: descriptor, baudRate: baudRate, port: port)
            _ = tcflush(descriptor, TCIOFLUSH)  // bytes left over from before this program opened the line are stale
            let io = PollingIO(descriptor: descriptor, port: port, wake: try WakeSignal.make(port: port))
            line = TerminalLine(io: io, options: options)
        } catch {
            Glibc.close(descriptor)
            throw error
        }
    }

    private func openedLine() throws(TransportError) -> TerminalLine {
        guard let line else { throw .closed(port: portDescription) }
        return line
    }

    /// See ``ByteTransport/write(_:)``: all bytes within the write timeout, not cut short by cancellation.
    public func write(_ bytes: [UInt8]) throws(TransportError) {
        try openedLine().write(bytes)
    }

    /// See ``ByteTransport/read(upTo:timeout:)``: returns on the first bytes, empty on timeout, wakes on cancellation.
    public func read(upTo maxBytes: Int, timeout: Duration) async throws(TransportError) -> [UInt8] {
        let line = try openedLine()
        return try await withWakeOnCancel(line.io.wake) { () throws(TransportError) in
            try line.read(upTo: maxBytes, timeout: timeout)
        }
    }

    /// See ``ByteTransport/discardInput()``: drops bytes received but not read.
    public func discardInput() throws(TransportError) {
        try openedLine().discardInput()
    }

    /// See ``ByteTransport/drain()``: waits, up to the drain timeout, until written bytes have left.
    public func drain() throws(TransportError) {
        try openedLine().drain()
    }

    /// See ``ByteTransport/close()``: discards unsent bytes, releases the line; idempotent.
    public func close() {
        line?.close()
        line = nil
    }
}
