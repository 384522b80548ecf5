import CSerialPort
import Glibc

/// A hardware serial port (a USB-serial adapter, an on-board UART) opened through libserialport.
///
/// libserialport finds the port in the kernel's tty class, opens it and sets 8N1 at the profile's baud rate without
/// flow control (read back and compared). Waiting is done here, in poll() on the descriptor libserialport exposes,
/// with its non-blocking read and write calls: that gives the same timeout, cancellation and hang-up handling as the
/// other transports (libserialport's own blocking calls cannot be woken by task cancellation, and a hang-up reaches
/// their caller only as a short or empty read).
/// A pseudo-terminal is refused with advice to use ``TermiosTransport``: libserialport cannot drive one.
public actor SerialPortTransport: ByteTransport {
    /// The port name it was opened with.
    public nonisolated let portDescription: String
    private nonisolated let executor: BlockingIOExecutor
    /// Every method runs on this transport's own thread; see ``BlockingIOExecutor``.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let options: TransportOptions
    /// The open port; nil before opening completes and after close.
    private var openPort: OpenPort?

    /// libserialport's port, the wait on its descriptor, and the descriptor holding the lock, owned by exactly one
    /// transport actor.
    ///
    /// `@unchecked Sendable` only so that the actor's nonisolated deinit may close it: the pointer is never shared,
    /// and every other use happens on the actor's executor.
    private struct OpenPort: @unchecked Sendable {
        let port: OpaquePointer
        let io: PollingIO
        let lock: Int32

        /// Discards unsent output (so closing cannot wait on a stalled adapter), then closes and frees the port, and
        /// last releases the lock.
        func close() {
            _ = sp_flush(port, SP_BUF_BOTH)
            TerminalLine.releaseExclusive(descriptor: io.descriptor)
            sp_close(port)
            sp_free_port(port)
            io.wake.close()
            Glibc.close(lock)
        }
    }

    private init(name: String, options: TransportOptions) {
        portDescription = name
        executor = BlockingIOExecutor(label: "transport.libserialport \(name)")
        self.options = options
    }

    deinit {
        openPort?.close()
    }

    /// Opens the port `name` (`/dev/ttyUSB0`) at `baudRate`, 8N1, no flow control, on the transport's own thread.
    public static func open(
        name: String, baudRate: BaudRate, options: TransportOptions = TransportOptions()
    ) async throws(TransportError) -> SerialPortTransport {
        let transport = SerialPortTransport(name: name, options: options)
        try await transport.openPort(baudRate: baudRate)
        return transport
    }

    private func openPort(baudRate: BaudRate) throws(TransportError) {
        let name = portDescription
        var found: OpaquePointer?
        guard sp_get_port_by_name(name, &found).rawValue == SP_OK.rawValue, let found else {
            throw OpenFailure.unknownToLibserialport(port: name, node: DeviceNode.classify(name))
        }
        // The lock comes first, on a descriptor of this program's own, opened close-on-exec in the same call:
        // - sp_open configures the port as it opens it; a port another controller holds must not be touched at all.
        // - libserialport opens without O_CLOEXEC, so a program started meanwhile (the demo starts pump-sim; a test
        //   runner starts hundreds) inherits its descriptor, and a lock taken on that descriptor with it: the port
        //   then stayed "in use" until that program exited (seen in the suite, 2026-11-27).
        let lock = Glibc.open(name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard lock >= 0 else {
            let code = errno
            sp_free_port(found)
            throw OpenFailure.error(
                errno: code, port: name, node: DeviceNode.classify(name), opener: .libserialport, detail: systemMessage(code))
        }
        do throws(TransportError) {
            try TerminalLine.lock(descriptor: lock, port: name, wait: options.lockWait)
        } catch {
            Glibc.close(lock)
            sp_free_port(found)
            throw error
        }
        guard sp_open(found, SP_MODE_READ_WRITE).rawValue == SP_OK.rawValue else {
            let code = sp_last_error_code()
            let message = Self.lastErrorMessage()
            sp_free_port(found)
            Glibc.close(lock)
            throw OpenFailure.error(
                errno: code, port: name, node: DeviceNode.classify(name), opener: .libserialport, detail: message)
        }
        do throws(TransportError) {
            var descriptor: Int32 = -1
            guard sp_get_port_handle(found, &descriptor).rawValue == SP_OK.rawValue, descriptor >= 0 else {
                throw .systemFailure(port: name, operation: "sp_get_port_handle", detail: Self.lastErrorMessage())
            }
            // Narrows the window in which a program started now inherits libserialport's descriptor (it would hold
            // the port open, though not the lock).
            guard fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC) == 0 else {
                throw .systemFailure(port: name, operation: "fcntl", detail: systemMessage(errno))
            }
            TerminalLine.refuseOtherOpens(descriptor: descriptor)
            try Self.configure(found, baudRate: baudRate, name: name)
            _ = sp_flush(found, SP_BUF_BOTH)  // bytes left over from before this program opened the port are stale
            openPort = OpenPort(
                port: found, io: PollingIO(descriptor: descriptor, port: name, wake: try WakeSignal.make(port: name)),
                lock: lock)
        } catch {
            sp_close(found)
            sp_free_port(found)
            Glibc.close(lock)
            throw error
        }
    }

    /// Sets 8N1 at `baudRate` without flow control, then reads the configuration back and compares.
    private static func configure(_ port: OpaquePointer, baudRate: BaudRate, name: String) throws(TransportError) {
        let setting = "\(baudRate) 8N1 without flow control"
        var wanted: OpaquePointer?
        var applied: OpaquePointer?
        guard sp_new_config(&wanted).rawValue == SP_OK.rawValue, sp_new_config(&applied).rawValue == SP_OK.rawValue,
              let wanted, let applied else {
            throw .systemFailure(port: name, operation: "sp_new_config", detail: "out of memory")
        }
        defer {
            sp_free_config(wanted)
            sp_free_config(applied)
        }
        let steps = [
            sp_set_config_baudrate(wanted, Int32(baudRate.bitsPerSecond)),
            sp_set_config_bits(wanted, 8),
            sp_set_config_parity(wanted, SP_PARITY_NONE),
            sp_set_config_stopbits(wanted, 1),
            sp_set_config_flowcontrol(wanted, SP_FLOWCONTROL_NONE),
        ]
        guard steps.allSatisfy({ $0.rawValue == SP_OK.rawValue }) else {
            throw .settingRejected(port: name, setting: setting)
        }
        let result = sp_set_config(port, wanted)
        guard result.rawValue == SP_OK.rawValue else {
            let detail = result.rawValue == SP_ERR_FAIL.rawValue ? " (\(lastErrorMessage()))" : ""
            throw .settingRejected(port: name, setting: setting + detail)
        }
        var baud: Int32 = 0
        var bits: Int32 = 0
        var stopBits: Int32 = 0
        var parity = SP_PARITY_INVALID
        guard sp_get_config(port, applied).rawValue == SP_OK.rawValue,
              sp_get_config_baudrate(applied, &baud).rawValue == SP_OK.rawValue,
              sp_get_config_bits(applied, &bits).rawValue == SP_OK.rawValue,
              sp_get_config_stopbits(applied, &stopBits).rawValue == SP_OK.rawValue,
              sp_get_config_parity(applied, &parity).rawValue == SP_OK.rawValue,
              baud == Int32(baudRate.bitsPerSecond), bits == 8, stopBits == 1, parity == SP_PARITY_NONE else {
            throw .settingRejected(port: name, setting: setting)
        }
    }

    private static func lastErrorMessage() -> String {
        guard let message = sp_last_error_message() else { return "unknown error" }
        defer { sp_free_error_message(message) }
        var text = String(cString: message)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    private func opened() throws(TransportError) -> (port: OpaquePointer, io: PollingIO) {
        guard let openPort else { throw .closed(port: portDescription) }
        return (openPort.port, openPort.io)
    }

    /// Maps a libserialport byte count or error code to an ``IOAttempt``.
    ///
    /// libserialport versions differ on a non-blocking call that finds nothing to do: some return 0, others fail with
    /// errno EAGAIN. Both mean "wait again", never an error.
    private static func attempt(_ result: sp_return) -> IOAttempt {
        if result.rawValue > 0 { return .transferred(Int(result.rawValue)) }
        if result.rawValue == 0 { return .wouldBlock }
        guard result.rawValue == SP_ERR_FAIL.rawValue else { return .failed(EINVAL) }
        let code = sp_last_error_code()
        return code == EAGAIN || code == EWOULDBLOCK || code == EINTR ? .wouldBlock : .failed(code)
    }

    /// See ``ByteTransport/write(_:)``: all bytes within the write timeout, not cut short by cancellation.
    public func write(_ bytes: [UInt8]) throws(TransportError) {
        let (port, io) = try opened()
        try io.write(bytes, timeout: options.writeTimeout) { buffer in
            Self.attempt(sp_nonblocking_write(port, buffer.baseAddress, buffer.count))
        }
    }

    /// See ``ByteTransport/read(upTo:timeout:)``: returns on the first bytes, empty on timeout, wakes on cancellation.
    public func read(upTo maxBytes: Int, timeout: Duration) async throws(TransportError) -> [UInt8] {
        let (port, io) = try opened()
        return try await withWakeOnCancel(io.wake) { () throws(TransportError) in
            try io.read(upTo: maxBytes, timeout: timeout) { buffer in
                Self.attempt(sp_nonblocking_read(port, buffer.baseAddress, buffer.count))
            }
        }
    }

    /// See ``ByteTransport/discardInput()``: drops bytes received but not read.
    public func discardInput() throws(TransportError) {
        let (port, io) = try opened()
        guard sp_flush(port, SP_BUF_INPUT).rawValue == SP_OK.rawValue else {
            throw io.failure(sp_last_error_code(), operation: "sp_flush")
        }
    }

    /// Polls libserialport's output queue length (and a UART's transmitter) rather than calling sp_drain(), which is
    /// tcdrain() and can block without limit on a stalled adapter.
    public func drain() throws(TransportError) {
        let (_, io) = try opened()
        let descriptor = io.descriptor
        let name = portDescription
        try io.drain(timeout: options.drainTimeout) { TerminalLine.pendingOutput(descriptor: descriptor, port: name) }
    }

    /// See ``ByteTransport/close()``: discards unsent bytes, releases the line; idempotent.
    public func close() {
        openPort?.close()
        openPort = nil
    }
}
