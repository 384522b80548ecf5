import Discovery
import PumpDriver
import PumpProtocol
import Testing
import Transport

/// Reading `--tcp` and `--match`, and the line timing chosen for each kind of link (docs/protocol.md §12).
struct LocationAndTimingTests {
    @Test(arguments: [
        ("10.0.0.5:4001", "10.0.0.5", 4001),
        ("pump-server.ward3:23", "pump-server.ward3", 23),
        ("[::1]:4001", "::1", 4001),
        ("localhost:65535", "localhost", 65535),
    ])
    func tcpAddressesAreRead(text: String, host: String, port: Int) throws {
        #expect(try PumpLocation.tcp(parsing: text) == .endpoint(.tcp(host: host, port: UInt16(port))))
    }

    @Test(arguments: ["nohost", ":4001", "::1:4001", "[::1]4001", "a b:1", "/dev/x:1"])
    func malformedTcpAddressesAreRefused(text: String) {
        #expect(throws: PumpLocationError.badTCPAddress(text)) { try PumpLocation.tcp(parsing: text) }
    }

    @Test(arguments: ["host:", "host:0", "host:65536", "host:4e3", "host:+80", "host:123456"])
    func outOfRangePortsAreRefused(text: String) {
        #expect(throws: PumpLocationError.badTCPPort(text)) { try PumpLocation.tcp(parsing: text) }
    }

    @Test func adapterIdentitiesAreRead() throws {
        #expect(try PumpLocation.adapterIdentity(parsing: "0403:6001") == AdapterIdentity(vendorId: "0403", productId: "6001", serialNumber: nil))
        #expect(try PumpLocation.adapterIdentity(parsing: "0403:6001:A12345") == AdapterIdentity(vendorId: "0403", productId: "6001", serialNumber: "A12345"))
        // Upper-case ids are taken as `lsusb` prints them; the serial keeps its colons.
        #expect(try PumpLocation.adapterIdentity(parsing: "1209:ABCD:PUMP:SIM") == AdapterIdentity(vendorId: "1209", productId: "abcd", serialNumber: "PUMP:SIM"))
    }

    @Test(arguments: ["0403", "403:6001", "0403:60011", "04g3:6001", "0403:6001:", "0403:6001:a b"])
    func malformedAdapterIdentitiesAreRefused(text: String) {
        #expect(throws: PumpLocationError.badAdapterMatch(text)) { try PumpLocation.adapterIdentity(parsing: text) }
    }

    @Test func errorsNameTheOptionAndWhatItAccepts() {
        #expect(PumpLocationError.badTCPPort("h:0").description == "--tcp expects a port number from 1 to 65535 after the host, found 'h:0'")
        #expect(PumpLocationError.badAdapterMatch("x").description.hasPrefix("--match expects VID:PID or VID:PID:SERIAL"))
    }

    @Test func protocolDefaultsFollowTheLinkKind() throws {
        let serial = PumpLinkTiming.protocolDefaults(for: .tty(path: "/dev/pts/3", baudRate: .protocolDefault))
        #expect(serial.replyTimeout == .milliseconds(500))
        #expect(serial.retryCount == 3)
        #expect(serial.interByteTimeout == .milliseconds(250))
        #expect(serial.baudRate == BaudRate(38400))
        let slow = PumpLinkTiming.protocolDefaults(for: .serialPort(name: "/dev/ttyUSB0", baudRate: try #require(BaudRate(9600))))
        #expect(slow.replyTimeout == .milliseconds(1000))
        let tcp = PumpLinkTiming.protocolDefaults(for: .tcp(host: "10.0.0.5", port: 4001))
        #expect(tcp.replyTimeout == .milliseconds(1000))
        #expect(tcp.baudRate == nil)
    }

    @Test func aProfileGivesItsTimeoutRetriesAndSpeed() throws {
        let profile = PumpProfile(
            name: "slow", summary: "test", matchRules: [], baudRate: try #require(BaudRate(19200)), framing: .eightNoneOne,
            wireProtocol: .pumpProtocol1, replyTimeout: .milliseconds(800), retryCount: 2)
        let serial = PumpLinkTiming(profile: profile, overTCP: false)
        #expect(serial.replyTimeout == .milliseconds(800))
        #expect(serial.retryCount == 2)
        #expect(serial.baudRate == BaudRate(19200))
        let tcp = PumpLinkTiming(profile: profile, overTCP: true)
        #expect(tcp.replyTimeout == .milliseconds(1000))  // never below the protocol's TCP value
        #expect(tcp.baudRate == nil)
    }
}
