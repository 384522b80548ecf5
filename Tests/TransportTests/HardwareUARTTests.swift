import Foundation
import Glibc
import Testing
@testable import Transport

/// The libserialport path on a real UART, where the machine has one (`/dev/ttyS0`, an on-board or virtual 16550 with
/// nothing attached). Skipped elsewhere: nothing can stand in for the kernel's serial driver.
@Suite("libserialport on a real UART", .serialized, .enabled(if: uartPresent(), "no /dev/ttyS0 with a serial driver"))
struct HardwareUARTTests {
    static let port = "/dev/ttyS0"

    @Test("opens 8N1 at the profile's rate, writes, drains, times out a read, refuses a second opener, closes")
    func roundTrip() async throws {
        let baud = try #require(BaudRate(115200))
        let uart = try await SerialPortTransport.open(name: Self.port, baudRate: baud)
        // libserialport opens without O_CLOEXEC; a child started now must not inherit the port (or its lock, held by
        // the transport's own second descriptor).
        let held = descriptors(openOn: Self.port)
        #expect(held.count == 2 && held.allSatisfy { fcntl($0, F_GETFD) & FD_CLOEXEC != 0 }, "descriptors on the port: \(held)")
        var settings = try terminalSettings(of: Self.port)
        #expect(cfgetospeed(&settings) == speed_t(B115200))
        #expect(settings.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8))
        #expect(settings.c_cflag & tcflag_t(PARENB | CSTOPB) == 0)
        try await uart.write(Array("no pump attached\r\n".utf8))
        try await uart.drain()
        #expect(try await uart.read(upTo: 16, timeout: .milliseconds(50)).isEmpty)
        await #expect(throws: TransportError.busy(port: Self.port)) {
            _ = try await SerialPortTransport.open(name: Self.port, baudRate: baud)
        }
        await #expect(throws: TransportError.busy(port: Self.port)) {
            _ = try await TermiosTransport.open(path: Self.port, baudRate: baud)
        }
        await uart.close()
        let again = try await TermiosTransport.open(path: Self.port, baudRate: baud)
        await again.close()
    }

    @Test("bytes written come back through the UART's internal loopback, read through libserialport")
    func loopback() async throws {
        let baud = try #require(BaudRate(115200))
        let uart = try await SerialPortTransport.open(name: Self.port, baudRate: baud)
        // A second descriptor (root may open a TIOCEXCL line; the transport's flock is advisory) to switch the 16550's
        // modem-control LOOP bit on, which wires its transmitter to its receiver inside the chip.
        let control = open(Self.port, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        try #require(control >= 0)
        defer { close(control) }
        var loop: Int32 = 0x8000  // TIOCM_LOOP, <asm-generic/termios.h>; not exported to Swift
        try #require(ioctl(control, UInt(TIOCMBIS), &loop) == 0)
        defer { _ = ioctl(control, UInt(TIOCMBIC), &loop) }
        try await uart.discardInput()
        let payload = pattern(count: 2048)  // about 0.18 s at 115200 baud
        try await uart.write(payload)
        #expect(try await readExactly(uart, count: payload.count, within: .seconds(10)) == payload)
        await uart.close()
    }
}

/// This process's descriptors open on `path` (from /proc/self/fd).
func descriptors(openOn path: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return entries.compactMap { entry in
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)"),
            target == path
        else { return nil }
        return Int32(entry)
    }
}

/// True when `/dev/ttyS0` can be opened and the kernel lists it as a serial port with a driver.
func uartPresent() -> Bool {
    access(HardwareUARTTests.port, R_OK | W_OK) == 0 && access("/sys/class/tty/ttyS0/device", F_OK) == 0
}
