import Dispatch
import Glibc
import Testing
@testable import Transport

/// The termios transport over a real pseudo-terminal pair: the line the simulator will use.
@Suite("Termios transport over a pseudo-terminal")
struct TermiosTransportTests {
    /// Bytes a cooked line would eat or change: ETX (would raise SIGINT), XON/XOFF (flow control), CR (→ LF), NUL, 0xFF.
    let awkwardBytes: [UInt8] = [0x02, 0x03, 0x11, 0x13, 0x0D, 0x0A, 0x00, 0xFF, 0x7F, 0x1A, 0x04, 0x1C]

    @Test("bytes cross the line unchanged in both directions, control characters included")
    func bytesBothWays() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        try await line.write(awkwardBytes)
        #expect(try await readExactly(pump, count: awkwardBytes.count) == awkwardBytes)
        try await pump.write(awkwardBytes.reversed())
        #expect(try await readExactly(line, count: awkwardBytes.count) == awkwardBytes.reversed())
        await line.close()
        await pump.close()
    }

    @Test("a read with nothing to read returns an empty array after its timeout, not before")
    func readTimeoutReturnsEmpty() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        let started = ContinuousClock.now
        let bytes = try await line.read(upTo: 64, timeout: .milliseconds(80))
        let elapsed = ContinuousClock.now - started
        #expect(bytes.isEmpty)
        #expect(elapsed >= .milliseconds(80))
        #expect(elapsed < .seconds(5))
        await line.close()
        await pump.close()
    }

    @Test("a read returns as soon as some bytes arrive, at most the number asked for")
    func readReturnsEarlyAndBounded() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        try await pump.write([1, 2, 3, 4, 5])
        let first = try await line.read(upTo: 2, timeout: .seconds(30))
        #expect(first == [1, 2])
        #expect(try await readExactly(line, count: 3) == [3, 4, 5])
        await line.close()
        await pump.close()
    }

    @Test("a 1 MiB write arrives whole and in order while the other side reads concurrently")
    func largeWrite() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(
            path: pump.devicePath, baudRate: .protocolDefault, options: TransportOptions(writeTimeout: .seconds(30)))
        let payload = pattern(count: 1 << 20)
        async let received = readExactly(pump, count: payload.count, within: .seconds(60))
        try await line.write(payload)
        let bytes = try await received
        #expect(bytes.count == payload.count)
        #expect(bytes == payload)
        await line.close()
        await pump.close()
    }

    @Test("a write nobody reads gives up after the write timeout, saying how much went out")
    func writeTimeout() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(
            path: pump.devicePath, baudRate: .protocolDefault, options: TransportOptions(writeTimeout: .milliseconds(100)))
        let payload = pattern(count: 1 << 20)  // far more than a pty buffers (about 4 KiB to 64 KiB)
        await #expect {
            try await line.write(payload)
        } throws: { error in
            guard case .writeTimedOut(let port, let written, let total) = error as? TransportError else { return false }
            return port == pump.devicePath && written > 0 && written < total && total == 1 << 20
        }
        await line.close()
        await pump.close()
    }

    @Test("when the other side hangs up, reads and writes throw disconnected naming the port")
    func peerCloseDisconnects() async throws {
        let pump = try PseudoTerminal.open()
        let path = pump.devicePath
        let line = try await TermiosTransport.open(path: path, baudRate: .protocolDefault)
        await pump.close()
        await #expect(throws: TransportError.disconnected(port: path)) {
            _ = try await line.read(upTo: 16, timeout: .seconds(30))
        }
        await #expect(throws: TransportError.disconnected(port: path)) {
            try await line.write([0x01])
        }
        await line.close()
    }

    @Test("bytes sent just before a hang-up are still delivered before disconnected")
    func lastBytesBeforeHangUp() async throws {
        let pump = try PseudoTerminal.open()
        let path = pump.devicePath
        let line = try await TermiosTransport.open(path: path, baudRate: .protocolDefault)
        try await pump.write([0xAA])
        #expect(try await readExactly(line, count: 1) == [0xAA])
        await pump.close()
        await #expect(throws: TransportError.disconnected(port: path)) {
            _ = try await line.read(upTo: 16, timeout: .seconds(30))
        }
        await line.close()
    }

    @Test("after close every operation throws closed, and closing again is harmless")
    func closedTransport() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        await line.close()
        await line.close()
        let closed = TransportError.closed(port: pump.devicePath)
        await #expect(throws: closed) { try await line.write([1]) }
        await #expect(throws: closed) { _ = try await line.read(upTo: 1, timeout: .zero) }
        await #expect(throws: closed) { try await line.discardInput() }
        await #expect(throws: closed) { try await line.drain() }
        await pump.close()
    }

    @Test("a second transport on the same line is refused as busy: one controller per pump")
    func secondOpenIsBusy() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        await #expect(throws: TransportError.busy(port: pump.devicePath)) {
            _ = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        }
        await line.close()
        let reopened = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        await reopened.close()
        await pump.close()
    }

    @Test("a line whose other holder lets go while the open waits (within lockWait) is opened, not refused")
    func lockLetGoWhileWaiting() async throws {
        let pump = try PseudoTerminal.open()
        // Another holder of the lock, as a program being started with the line's descriptor would be.
        let holder = open(pump.devicePath, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        try #require(holder >= 0 && flock(holder, LOCK_EX | LOCK_NB) == 0)
        // The release is the stimulus, 100 ms into a 5 s wait.
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { close(holder) }
        let line = try await TermiosTransport.open(
            path: pump.devicePath, baudRate: .protocolDefault, options: TransportOptions(lockWait: .seconds(5)))
        await line.close()
        await pump.close()
    }

    @Test("cancelling the task wakes a read that would otherwise wait a minute")
    func cancellationWakesRead() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        let reader = Task { try await line.read(upTo: 1, timeout: .seconds(60)) }
        reader.cancel()
        let started = ContinuousClock.now
        let outcome = await reader.result
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(throws: TransportError.cancelled(port: pump.devicePath)) { try outcome.get() }
        // The line still works after a cancelled read.
        try await pump.write([7])
        #expect(try await readExactly(line, count: 1) == [7])
        await line.close()
        await pump.close()
    }

    @Test("the line is raw 8N1 at the requested baud rate, without flow control")
    func lineSettings() async throws {
        let pump = try PseudoTerminal.open()
        let baud = try #require(BaudRate(115200))
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: baud)
        var settings = try terminalSettings(of: pump.devicePath)
        #expect(settings.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8))
        #expect(settings.c_cflag & tcflag_t(PARENB) == 0)
        #expect(settings.c_cflag & tcflag_t(CSTOPB) == 0)
        #expect(settings.c_cflag & tcflag_t(CRTSCTS) == 0)
        #expect(settings.c_cflag & tcflag_t(CLOCAL) != 0)
        #expect(settings.c_iflag & tcflag_t(IXON | IXOFF | ICRNL) == 0)
        #expect(settings.c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0)
        #expect(settings.c_oflag & tcflag_t(OPOST) == 0)
        #expect(cfgetospeed(&settings) == speed_t(B115200))
        await line.close()
        await pump.close()
    }

    @Test("discardInput drops bytes that arrived but were not read")
    func discardInput() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        try await pump.write([1, 2, 3])
        #expect(try await readExactly(line, count: 1) == [1])  // the write has arrived
        try await line.discardInput()
        #expect(try await line.read(upTo: 16, timeout: .milliseconds(50)).isEmpty)
        try await pump.write([9])
        #expect(try await readExactly(line, count: 1) == [9])
        await line.close()
        await pump.close()
    }

    @Test("drain returns once written bytes have left")
    func drain() async throws {
        let pump = try PseudoTerminal.open()
        let line = try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault)
        try await line.write([1, 2, 3])
        try await line.drain()
        #expect(try await readExactly(pump, count: 3) == [1, 2, 3])
        await line.close()
        await pump.close()
    }

    @Test("blocked reads do not starve the cooperative thread pool")
    func blockedReadsDoNotStarveThePool() async throws {
        // Twice as many blocked reads as this machine has cores. If they ran on the cooperative pool, the writes below
        // could not run until the reads timed out (after a minute) and the reads would come back empty.
        let count = 2 * max(2, coreCount())
        var pumps: [PseudoTerminal] = []
        var lines: [TermiosTransport] = []
        for _ in 0..<count {
            let pump = try PseudoTerminal.open()
            pumps.append(pump)
            lines.append(try await TermiosTransport.open(path: pump.devicePath, baudRate: .protocolDefault))
        }
        let readers = lines.map { line in Task { try await line.read(upTo: 1, timeout: .seconds(60)) } }
        for (index, pump) in pumps.enumerated() {
            try await pump.write([UInt8(index)])
        }
        for (index, reader) in readers.enumerated() {
            #expect(try await reader.value == [UInt8(index)])
        }
        for line in lines { await line.close() }
        for pump in pumps { await pump.close() }
    }

    @Test("opening a missing path or a non-terminal names the port and the problem")
    func openFailures() async throws {
        await #expect(throws: TransportError.deviceMissing(port: "/dev/ttyUSB-absent-4711")) {
            _ = try await TermiosTransport.open(path: "/dev/ttyUSB-absent-4711", baudRate: .protocolDefault)
        }
        await #expect {
            _ = try await TermiosTransport.open(path: "/dev/null", baudRate: .protocolDefault)
        } throws: { error in
            guard case .notASerialPort(let port, let detail) = error as? TransportError else { return false }
            return port == "/dev/null" && detail.contains("terminal settings")
        }
    }
}

/// The number of online cores.
func coreCount() -> Int {
    Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
