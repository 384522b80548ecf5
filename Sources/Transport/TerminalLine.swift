import Glibc

/// The operations shared by every transport that holds a terminal descriptor (a tty, or either side of a pty).
///
/// The owning actor keeps one of these while its line is open and drops it on close; it never outlives the
/// descriptor, so no operation can reach a closed or reused descriptor.
struct TerminalLine: Sendable {
    /// Waiting, errors and cancellation for the descriptor.
    let io: PollingIO
    /// Write and drain bounds.
    let options: TransportOptions

    var descriptor: Int32 { io.descriptor }

    /// Puts the line in raw mode, 8 data bits, no parity, 1 stop bit, no flow control of any kind, receiver on,
    /// modem-control lines ignored (CLOCAL), at `baudRate`; then reads the settings back and refuses the line if any
    /// of that did not take.
    ///
    /// Raw matters: with the default canonical mode a 0x03 byte in a frame would raise SIGINT, 0x0D would become
    /// 0x0A and nothing would be delivered before a newline. No flow control matters: XON/XOFF would swallow 0x11 and
    /// 0x13 bytes, and RTS/CTS would stall on an adapter whose handshake lines are not wired.
    static func configureRaw(descriptor: Int32, baudRate: BaudRate, port: String) throws(TransportError) {
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            let code = errno
            if code == ENOTTY || code == EINVAL {
                throw .notASerialPort(port: port, detail: "it does not accept terminal settings: \(systemMessage(code))")
            }
            throw .systemFailure(port: port, operation: "tcgetattr", detail: systemMessage(code))
        }
        cfmakeraw(&settings)
        settings.c_cflag |= tcflag_t(CLOCAL | CREAD)
        settings.c_cflag &= ~(tcflag_t(CSTOPB | PARENB) | tcflag_t(CRTSCTS))
        settings.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        withUnsafeMutableBytes(of: &settings.c_cc) { controls in
            controls[Int(VMIN)] = 1  // with VMIN 0 a read of 0 bytes would not mean end-of-line; see IOAttempt
            controls[Int(VTIME)] = 0
        }
        let setting = "\(baudRate) 8N1 without flow control"
        guard cfsetispeed(&settings, baudRate.termiosSpeed) == 0, cfsetospeed(&settings, baudRate.termiosSpeed) == 0 else {
            throw .settingRejected(port: port, setting: setting)
        }
        guard tcsetattr(descriptor, TCSANOW, &settings) == 0 else {
            throw .settingRejected(port: port, setting: "\(setting) (\(systemMessage(errno)))")
        }
        // tcsetattr succeeds when any one change took; read back to know that all of them did.
        var applied = termios()
        guard tcgetattr(descriptor, &applied) == 0 else {
            throw .systemFailure(port: port, operation: "tcgetattr", detail: systemMessage(errno))
        }
        let eightNoneOne = applied.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8)
            && applied.c_cflag & (tcflag_t(CSTOPB | PARENB) | tcflag_t(CRTSCTS)) == 0
            && applied.c_cflag & tcflag_t(CLOCAL | CREAD) == tcflag_t(CLOCAL | CREAD)
        let raw = applied.c_lflag & tcflag_t(ICANON | ECHO | ISIG | IEXTEN) == 0
            && applied.c_iflag & tcflag_t(IXON | IXOFF | ICRNL | ISTRIP) == 0
            && applied.c_oflag & tcflag_t(OPOST) == 0
        guard eightNoneOne, raw, cfgetospeed(&applied) == baudRate.termiosSpeed, cfgetispeed(&applied) == baudRate.termiosSpeed else {
            throw .settingRejected(port: port, setting: setting)
        }
    }

    /// Takes the line for this process alone: an advisory lock that a second `infusion` (even as root) respects, and
    /// TIOCEXCL, which makes the kernel refuse further opens by non-root programs (a modem prober, a terminal program)
    /// that would otherwise write into the pump's line.
    static func claimExclusively(descriptor: Int32, port: String, wait: Duration) throws(TransportError) {
        try lock(descriptor: descriptor, port: port, wait: wait)
        refuseOtherOpens(descriptor: descriptor)
    }

    /// The advisory lock alone, waiting up to `wait` (``TransportOptions/lockWait``) for another holder to let go.
    /// It is held by the open file description, so by every process that shares it: take it on a descriptor opened
    /// close-on-exec, or a program started meanwhile keeps the lock for as long as it runs.
    static func lock(descriptor: Int32, port: String, wait: Duration) throws(TransportError) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK && clock.now < deadline {
                var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
                _ = nanosleep(&pause, nil)
                continue
            }
            if code == EWOULDBLOCK { throw .busy(port: port) }
            throw .systemFailure(port: port, operation: "flock", detail: systemMessage(code))
        }
    }

    /// TIOCEXCL, best effort: the lock is what this program relies on.
    static func refuseOtherOpens(descriptor: Int32) {
        _ = ioctl(descriptor, UInt(TIOCEXCL))
    }

    /// Undoes TIOCEXCL before closing. The kernel keeps the flag while any other descriptor holds the tty open (the
    /// simulator holds its pseudo-terminal's device side), so without this a reconnecting driver that is not root
    /// would find its own pump's line refused as busy.
    static func releaseExclusive(descriptor: Int32) {
        _ = ioctl(descriptor, UInt(TIOCNXCL))
    }

    /// Bytes queued for output and not yet sent, including one still in a UART's shift register when it says so.
    static func pendingOutput(descriptor: Int32, port: String) -> Result<Int, TransportError> {
        var queued: Int32 = 0
        guard ioctl(descriptor, UInt(TIOCOUTQ), &queued) == 0 else {
            return .failure(PollingIO.failureFor(errno, port: port, operation: "TIOCOUTQ"))
        }
        var lineStatus: UInt32 = 0
        // Only real UARTs answer TIOCSERGETLSR; USB adapters and ptys refuse it, and then the queue length is all we know.
        if ioctl(descriptor, UInt(TIOCSERGETLSR), &lineStatus) == 0, lineStatus & UInt32(TIOCSER_TEMT) == 0 {
            return .success(Int(queued) + 1)
        }
        return .success(Int(queued))
    }

    func read(upTo maxBytes: Int, timeout: Duration) throws(TransportError) -> [UInt8] {
        let descriptor = descriptor
        return try io.read(upTo: maxBytes, timeout: timeout) { buffer in
            IOAttempt.fromSystemCall(Glibc.read(descriptor, buffer.baseAddress, buffer.count), zeroMeansEnd: true)
        }
    }

    func write(_ bytes: [UInt8]) throws(TransportError) {
        let descriptor = descriptor
        try io.write(bytes, timeout: options.writeTimeout) { buffer in
            IOAttempt.fromSystemCall(Glibc.write(descriptor, buffer.baseAddress, buffer.count), zeroMeansEnd: false)
        }
    }

    func discardInput() throws(TransportError) {
        guard tcflush(descriptor, TCIFLUSH) == 0 else { throw io.failure(errno, operation: "tcflush") }
    }

    func drain() throws(TransportError) {
        let descriptor = descriptor
        let port = io.port
        try io.drain(timeout: options.drainTimeout) { Self.pendingOutput(descriptor: descriptor, port: port) }
    }

    /// Discards unsent output (so close() cannot wait on a stalled adapter), then closes the descriptor and wake pipe.
    func close() {
        _ = tcflush(descriptor, TCIOFLUSH)
        Self.releaseExclusive(descriptor: descriptor)
        Glibc.close(descriptor)
        io.wake.close()
    }
}
