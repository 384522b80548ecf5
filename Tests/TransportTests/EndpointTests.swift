import Testing
@testable import Transport

@Suite("Endpoints, device nodes and baud rates")
struct EndpointTests {
    @Test("a pseudo-terminal path is opened through termios, anything else through libserialport")
    func deviceEndpointChoosesTransport() async throws {
        let pump = try PseudoTerminal.open()
        let baud = BaudRate.protocolDefault
        #expect(Endpoint.device(pump.devicePath, baudRate: baud) == .tty(path: pump.devicePath, baudRate: baud))
        #expect(Endpoint.device("/dev/ttyUSB-absent-4711", baudRate: baud) == .serialPort(name: "/dev/ttyUSB-absent-4711", baudRate: baud))
        let transport = try await TransportFactory.open(Endpoint.device(pump.devicePath, baudRate: baud))
        #expect(transport is TermiosTransport)
        #expect(transport.portDescription == pump.devicePath)
        await transport.close()
        await pump.close()
    }

    @Test("device numbers: pty slaves 136-143, masters 128-135, BSD 2-3, ptmx 5:2 are pseudo-terminals")
    func deviceNumbers() {
        // Linux dev_t: minor low 8 bits | major << 8 (12 bits) | high minor bits << 12; worked out by hand.
        #expect(DeviceNode.classify(deviceNumber: 136 << 8) == .pseudoTerminal)            // /dev/pts/0
        #expect(DeviceNode.classify(deviceNumber: (143 << 8) | 255) == .pseudoTerminal)    // /dev/pts/2047
        #expect(DeviceNode.classify(deviceNumber: 128 << 8) == .pseudoTerminal)            // a pty master
        #expect(DeviceNode.classify(deviceNumber: (5 << 8) | 2) == .pseudoTerminal)        // /dev/ptmx
        #expect(DeviceNode.classify(deviceNumber: (5 << 8) | 0) == .characterDevice)       // /dev/tty
        #expect(DeviceNode.classify(deviceNumber: (4 << 8) | 64) == .characterDevice)      // /dev/ttyS0
        #expect(DeviceNode.classify(deviceNumber: 188 << 8) == .characterDevice)           // /dev/ttyUSB0
        #expect(DeviceNode.classify(deviceNumber: 166 << 8) == .characterDevice)           // /dev/ttyACM0
        #expect(DeviceNode.classify(deviceNumber: 259) == .characterDevice)                // /dev/null (1:3)
    }

    @Test("paths are classified by what they are")
    func pathClassification() throws {
        #expect(DeviceNode.classify("/dev/null") == .characterDevice)
        #expect(DeviceNode.classify("/etc/hostname") == .notADevice)
        #expect(DeviceNode.classify("/dev/ttyUSB-absent-4711") == .missing)
    }

    @Test("only the standard rates from 1200 to 230400 baud are accepted")
    func baudRates() {
        for rate in [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400] {
            #expect(BaudRate(rate)?.bitsPerSecond == rate)
        }
        for rate in [0, -38400, 3840, 38401, 460800, 14400] {
            #expect(BaudRate(rate) == nil)
        }
        #expect(BaudRate.protocolDefault.bitsPerSecond == 38400)
        #expect(BaudRate.protocolDefault.description == "38400 baud")
    }

    @Test("poll timeouts round up to whole milliseconds and never go negative")
    func pollMilliseconds() {
        #expect(PollingIO.pollMilliseconds(.zero) == 0)
        #expect(PollingIO.pollMilliseconds(.milliseconds(-5)) == 0)
        #expect(PollingIO.pollMilliseconds(.microseconds(1)) == 1)
        #expect(PollingIO.pollMilliseconds(.microseconds(1500)) == 2)
        #expect(PollingIO.pollMilliseconds(.milliseconds(250)) == 250)
        #expect(PollingIO.pollMilliseconds(.seconds(2)) == 2000)
        #expect(PollingIO.pollMilliseconds(.seconds(Int64.max / 2)) == Int32.max)
    }

    @Test("every error names its port first")
    func errorsNameThePort() {
        let errors: [TransportError] = [
            .deviceMissing(port: "P"), .notASerialPort(port: "P", detail: "d"), .pseudoTerminalNotSupported(port: "P"),
            .permissionDenied(port: "P"), .busy(port: "P"), .settingRejected(port: "P", setting: "s"),
            .hostNotFound(port: "P", detail: "d"), .connectionRefused(port: "P"),
            .connectTimedOut(port: "P", timeout: .seconds(1)), .disconnected(port: "P"),
            .writeTimedOut(port: "P", written: 1, total: 2), .drainTimedOut(port: "P", pendingBytes: 3),
            .cancelled(port: "P"), .closed(port: "P"), .invalidRequest(port: "P", detail: "d"),
            .systemFailure(port: "P", operation: "o", detail: "d"),
        ]
        for error in errors {
            #expect(error.port == "P")
            #expect(error.description.hasPrefix("P: "))
        }
        #expect(TransportError.writeTimedOut(port: "P", written: 1, total: 2).description.contains("only 1 of 2 bytes"))
    }

    @Test("a read of zero bytes is refused rather than returning nothing forever")
    func zeroByteRead() async throws {
        let pump = try PseudoTerminal.open()
        await #expect(throws: TransportError.invalidRequest(
            port: "\(pump.devicePath) (controller)", detail: "a read must ask for at least 1 byte, not 0")) {
            _ = try await pump.read(upTo: 0, timeout: .zero)
        }
        await pump.close()
    }
}
