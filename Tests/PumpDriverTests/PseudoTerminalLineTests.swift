import Discovery
import Foundation
import PumpDriver
import PumpProtocol
import Testing
import Transport

/// The driver over a real pseudo-terminal and termios, with the real clock: the path `pump-sim --link` will use.
@Suite(.timeLimit(.minutes(1)))
struct PseudoTerminalLineTests {
    @Test func programVerifyAndStartOverAPseudoTerminal() async throws {
        let terminal = try PseudoTerminal.open()
        let pump = ModelPump()
        await pump.attach(terminal)
        let line = try await PumpLine.open(
            .endpoint(.device(terminal.devicePath, baudRate: .protocolDefault)),
            timing: .protocolDefaults(for: .tty(path: terminal.devicePath, baudRate: .protocolDefault)))
        let driver = PumpDriver(line: line, address: try #require(PumpAddress(1)))
        #expect(try await driver.connect().serialNumber == "SN-004217")
        let verified = try await driver.programAndVerify(try documentProgram())
        #expect(try await driver.start(verified).state == .running)
        #expect(try await driver.pause().state == .paused)
        #expect(try await driver.resume().state == .running)
        #expect(try await driver.stop().state == .idle)
        #expect(await pump.requestCodes == ["IDEN", "SETP", "READ", "STAT", "STRT", "PAUS", "RESM", "STOP"])
        #expect(await line.port == terminal.devicePath)
        await line.close()
        await pump.detach()
        await terminal.close()
    }

    @Test func anAdapterIsFoundAgainAtANewDeviceNode() async throws {
        let first = try PseudoTerminal.open()
        let second = try PseudoTerminal.open()
        let identity = AdapterIdentity(vendorId: "1209", productId: "0001", serialNumber: "PUMP-SIM")
        let lookups = Lookups(nodes: [first.devicePath, second.devicePath])
        let opener = LineOpener.location(.adapter(identity, baudRate: .protocolDefault)) {
            (wanted: AdapterIdentity) throws(DiscoveryError) -> SerialAdapter? in
            guard wanted == identity, let node = lookups.next() else { return nil }
            return SerialAdapter(
                devNode: node, vendorId: "1209", productId: "0001", serialNumber: "PUMP-SIM", manufacturer: nil,
                model: nil, sysPath: "/sys/devices/test")
        }
        let line = try await PumpLine.open(opener, timing: .protocolDefaults(for: .tty(path: "", baudRate: .protocolDefault)))
        #expect(await line.port == first.devicePath)
        #expect(line.location == "adapter 1209:0001 serial PUMP-SIM")

        // Unplugged and plugged back in: the same adapter now has another node.
        await first.close()
        try await line.reopen(ifGeneration: nil)
        #expect(await line.port == second.devicePath)
        let pump = ModelPump()
        await pump.attach(second)
        let driver = PumpDriver(line: line, address: try #require(PumpAddress(1)))
        #expect(try await driver.connect().serialNumber == "SN-004217")

        // Unplugged for good: the error names the adapter.
        await #expect(throws: LineOpenError.adapterNotFound(identity)) { try await line.reopen(ifGeneration: nil) }
        await line.close()
        await pump.detach()
        await second.close()
    }
}

/// Device nodes handed out one per lookup (a stand-in for udev between unplug and replug).
final class Lookups: @unchecked Sendable {
    private let lock = NSLock()
    private var nodes: [String]

    init(nodes: [String]) {
        self.nodes = nodes
    }

    func next() -> String? {
        lock.withLock { nodes.isEmpty ? nil : nodes.removeFirst() }
    }
}
