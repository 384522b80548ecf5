import Glibc
import Testing
@testable import Transport

/// libserialport without hardware: every way an open can fail must name the port and say what to do.
@Suite("libserialport transport errors")
struct SerialPortTransportTests {
    @Test("a port that does not exist is reported as missing, by name")
    func missingDevice() async {
        await #expect(throws: TransportError.deviceMissing(port: "/dev/ttyUSB-absent-4711")) {
            _ = try await SerialPortTransport.open(name: "/dev/ttyUSB-absent-4711", baudRate: .protocolDefault)
        }
    }

    @Test("a pseudo-terminal is refused with advice to use the tty transport")
    func pseudoTerminal() async throws {
        let pump = try PseudoTerminal.open()
        let path = pump.devicePath
        await #expect(throws: TransportError.pseudoTerminalNotSupported(port: path)) {
            _ = try await SerialPortTransport.open(name: path, baudRate: .protocolDefault)
        }
        let message = TransportError.pseudoTerminalNotSupported(port: path).description
        #expect(message.hasPrefix("\(path): "))
        #expect(message.contains("libserialport cannot drive"))
        #expect(message.contains("tty transport"))
        await pump.close()
    }

    @Test("a character device the kernel does not list as a tty is not a serial port")
    func notASerialPort() async {
        await #expect(throws: TransportError.notASerialPort(
            port: "/dev/null", detail: "the kernel lists no serial port of that name under /sys/class/tty")) {
            _ = try await SerialPortTransport.open(name: "/dev/null", baudRate: .protocolDefault)
        }
    }

    @Test("a regular file is not a device node")
    func regularFile() async {
        await #expect(throws: TransportError.notASerialPort(port: "/etc/hostname", detail: "it is not a device node")) {
            _ = try await SerialPortTransport.open(name: "/etc/hostname", baudRate: .protocolDefault)
        }
    }

    @Test("errno values from sp_open become errors a nurse or engineer can act on")
    func openErrnoMapping() {
        func mapped(_ code: Int32, node: DeviceNode = .characterDevice) -> TransportError {
            OpenFailure.error(errno: code, port: "/dev/ttyUSB0", node: node, opener: .libserialport, detail: "msg")
        }
        #expect(mapped(EACCES) == .permissionDenied(port: "/dev/ttyUSB0"))
        #expect(mapped(EPERM) == .permissionDenied(port: "/dev/ttyUSB0"))
        #expect(mapped(ENOENT) == .deviceMissing(port: "/dev/ttyUSB0"))
        #expect(mapped(ENODEV) == .deviceMissing(port: "/dev/ttyUSB0"))
        #expect(mapped(ENXIO) == .deviceMissing(port: "/dev/ttyUSB0"))
        #expect(mapped(EBUSY) == .busy(port: "/dev/ttyUSB0"))
        // sp_open's TIOCMGET fails with ENOTTY on a pseudo-terminal (measured under umockdev).
        #expect(mapped(ENOTTY, node: .pseudoTerminal) == .pseudoTerminalNotSupported(port: "/dev/ttyUSB0"))
        #expect(mapped(ENOTTY) == .notASerialPort(port: "/dev/ttyUSB0", detail: "it does not answer serial-port requests: msg"))
        #expect(mapped(EIO) == .systemFailure(port: "/dev/ttyUSB0", operation: "sp_open", detail: "msg"))
    }

    @Test("permission denied names the port and the dialout group")
    func permissionDeniedMessage() {
        let message = TransportError.permissionDenied(port: "/dev/ttyUSB0").description
        #expect(message.hasPrefix("/dev/ttyUSB0: permission denied"))
        #expect(message.contains("dialout"))
    }

    @Test("a port libserialport does not know is explained by what the path is")
    func unknownPortMapping() {
        #expect(OpenFailure.unknownToLibserialport(port: "/dev/x", node: .missing) == .deviceMissing(port: "/dev/x"))
        #expect(OpenFailure.unknownToLibserialport(port: "/dev/x", node: .pseudoTerminal) == .pseudoTerminalNotSupported(port: "/dev/x"))
        #expect(OpenFailure.unknownToLibserialport(port: "/dev/x", node: .notADevice)
            == .notASerialPort(port: "/dev/x", detail: "it is not a device node"))
    }
}
