import Glibc
import Testing
@testable import Transport

/// The libserialport path on a real UART, where the machine has one (`/dev/ttyS0`, an on-board or virtual 16550 with
/// nothing attached). Skipped elsewhere: nothing can stand in for the kernel's serial driver.
@Suite("libserialport on a real UART", .enabled(if: uartPresent(), "no /dev/ttyS0 with a serial driver"))
struct HardwareUARTTests {
    static let port = "/dev/ttyS0"

    @Test("opens 8N1 at the profile's rate, writes, drains, times out a read, refuses a second opener, closes")
    func roundTrip() async throws {
        let baud = try #require(BaudRate(115200))
        let uart = try await SerialPortTransport.open(name: Self.port, baudRate: baud)
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
}

/// True when `/dev/ttyS0` can be opened and the kernel lists it as a serial port with a driver.
func uartPresent() -> Bool {
    access(HardwareUARTTests.port, R_OK | W_OK) == 0 && access("/sys/class/tty/ttyS0/device", F_OK) == 0
}
