import CPty
import Glibc

/// The controlling side of a fresh pseudo-terminal pair: a stand-in for the pump end of a serial line.
///
/// Tests open a transport on ``devicePath`` exactly as the driver would open a real port, and play the pump through
/// this actor, which is itself a ``ByteTransport``. Closing it hangs up the line, as pulling out a USB adapter does,
/// so the device side sees ``TransportError/disconnected(port:)``. (The pump simulator does not use this type: it
/// depends on the protocol and the `CPty` shim only, so that it stays independent of the code it tests.)
public actor PseudoTerminal: ByteTransport {
    /// The path of the device side (`/dev/pts/3`), to open with ``TermiosTransport``.
    public nonisolated let devicePath: String
    /// `pseudo-terminal /dev/pts/3 (controller)`.
    public nonisolated let portDescription: String
    private nonisolated let executor: BlockingIOExecutor
    /// Every method runs on this actor's own thread; see ``BlockingIOExecutor``.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The controller side, while open.
    private var line: TerminalLine?
    /// A descriptor on the device side held open for the pair's lifetime, so the line exists (and keeps its raw
    /// settings) before and between the opens of a transport, as a plugged-in adapter does.
    private var deviceHold: Int32?

    private init(devicePath: String, line: TerminalLine, deviceHold: Int32) {
        self.devicePath = devicePath
        portDescription = "pseudo-terminal \(devicePath) (controller)"
        executor = BlockingIOExecutor(label: "transport.pty \(devicePath)")
        self.line = line
        self.deviceHold = deviceHold
    }

    deinit {
        line?.close()
        if let deviceHold { Glibc.close(deviceHold) }
    }

    /// Opens a new pair with its device side already raw 8N1 (so nothing written before a transport opens it is
    /// echoed or translated).
    public static func open(options: TransportOptions = TransportOptions()) throws(TransportError) -> PseudoTerminal {
        let port = "pseudo-terminal"
        var controller: Int32 = -1
        var device: Int32 = -1
        var name = [CChar](repeating: 0, count: 256)
        guard cpty_open(&controller, &device, &name, UInt(name.count)) == 0 else {
            throw .systemFailure(port: port, operation: "openpty", detail: systemMessage(errno))
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do throws(TransportError) {
            try TerminalLine.configureRaw(descriptor: device, baudRate: .protocolDefault, port: path)
            guard fcntl(controller, F_SETFL, fcntl(controller, F_GETFL) | O_NONBLOCK) == 0 else {
                throw .systemFailure(port: path, operation: "fcntl", detail: systemMessage(errno))
            }
            let io = PollingIO(descriptor: controller, port: "\(path) (controller)", wake: try WakeSignal.make(port: path))
            return PseudoTerminal(devicePath: path, line: TerminalLine(io: io, options: options), deviceHold: device)
        } catch {
            Glibc.close(controller)
            Glibc.close(device)
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

    /// Hangs up the line: the device side's next read or write throws ``TransportError/disconnected(port:)``.
    public func close() {
        line?.close()
        line = nil
        if let deviceHold { Glibc.close(deviceHold) }
        deviceHold = nil
    }
}
