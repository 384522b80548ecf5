import ConfigFile
import Foundation
import TestSupport
import Testing
import Transport
@testable import Discovery

/// `Config/pumps.yaml` and the reader's refusals.
@Suite("Pump profiles")
struct PumpProfileCatalogTests {
    func adapter(_ vendor: String, _ product: String, serial: String?) -> SerialAdapter {
        SerialAdapter(devNode: "/dev/ttyUSB0", vendorId: vendor, productId: product, serialNumber: serial,
                      manufacturer: nil, model: nil, sysPath: "/sys/x")
    }

    @Test("the shipped file loads with the FTDI and simulator profiles, as written in it")
    func shippedFile() throws {
        let catalog = try PumpProfileCatalog.load(path: RepositoryLayout.config("pumps.yaml").path)
        #expect(catalog.profiles.map(\.name) == ["generic-ftdi", "simulator"])
        let ftdi = try #require(catalog.profile(named: "generic-ftdi"))
        #expect(ftdi.matchRules == [ProfileMatchRule(vendorId: "0403", productId: "6001", serialNumber: nil)])
        #expect(ftdi.baudRate.bitsPerSecond == 38400)
        #expect(ftdi.framing == .eightNoneOne)
        #expect(ftdi.wireProtocol == .pumpProtocol1)
        #expect(ftdi.replyTimeout == .milliseconds(500))
        #expect(ftdi.retryCount == 3)
        let simulator = try #require(catalog.profile(named: "simulator"))
        #expect(simulator.matchRules == [ProfileMatchRule(vendorId: "1209", productId: "0001", serialNumber: "PUMP-SIM")])
        #expect(catalog.profile(for: adapter("0403", "6001", serial: "A12345"))?.name == "generic-ftdi")
        #expect(catalog.profile(for: adapter("0403", "6001", serial: nil))?.name == "generic-ftdi")
        #expect(catalog.profile(for: adapter("1209", "0001", serial: "PUMP-SIM"))?.name == "simulator")
        #expect(catalog.profile(for: adapter("1209", "0001", serial: "OTHER")) == nil)
        #expect(catalog.profile(for: adapter("067b", "2303", serial: nil)) == nil)
        #expect(ftdi.endpoint(devNode: "/dev/ttyUSB-absent") == .serialPort(name: "/dev/ttyUSB-absent", baudRate: ftdi.baudRate))
    }

    let header = """
        schemaVersion: 1
        defaults:
          baudRate: 38400
          framing: 8N1
          protocol: pump-protocol-1
          replyTimeoutMs: 500
          retryCount: 2
        profiles:

        """

    func parse(_ profiles: String) throws(ConfigError) -> PumpProfileCatalog {
        try PumpProfileCatalog.parse(Data((header + profiles).utf8), file: "pumps.yaml")
    }

    @Test("a rule naming a serial number wins over one for the whole model, and profiles may override defaults")
    func pinnedRuleAndOverrides() throws {
        let catalog = try parse("""
              - name: ward-generic
                description: any FT232R
                match: [{vendorId: "0403", productId: "6001"}]
              - name: bed-12
                description: the pump on bed 12
                baudRate: 9600
                replyTimeoutMs: 1500
                retryCount: 0
                match: [{vendorId: "0403", productId: "6001", serialNumber: "A12345"}]
            """)
        let pinned = try #require(catalog.profile(for: adapter("0403", "6001", serial: "A12345")))
        #expect(pinned.name == "bed-12")
        #expect(pinned.baudRate.bitsPerSecond == 9600)
        #expect(pinned.replyTimeout == .milliseconds(1500))
        #expect(pinned.retryCount == 0)
        #expect(catalog.profile(for: adapter("0403", "6001", serial: "Z9"))?.name == "ward-generic")
        #expect(catalog.profile(named: "ward-generic")?.baudRate.bitsPerSecond == 38400)
    }

    /// Each malformed entry is refused with the file, line and dotted field; lines counted by hand from `header`
    /// (8 lines) plus the entry.
    @Test("malformed entries are named with file:line and field", arguments: [
        ("  - name: a\n    description: d\n    match: [{vendorId: \"04g3\", productId: \"6001\"}]\n",
         "pumps.yaml:11: profiles[0].match[0].vendorId: expected 4 hex digits such as 0403 (as `infusion ports` shows them), found '04g3'"),
        ("  - name: a\n    description: d\n    baudRate: 3840\n    match: []\n",
         "pumps.yaml:11: profiles[0].baudRate: expected one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, found 3840"),
        ("  - name: a\n    description: d\n    framing: 7E1\n    match: []\n",
         "pumps.yaml:11: profiles[0].framing: expected one of 8N1, found '7E1'"),
        ("  - name: a\n    description: d\n    protocol: modbus\n    match: []\n",
         "pumps.yaml:11: profiles[0].protocol: expected one of pump-protocol-1, found 'modbus'"),
        ("  - name: a\n    description: d\n    replyTimeoutMs: 10\n    match: []\n",
         "pumps.yaml:11: profiles[0].replyTimeoutMs: must be between 50 and 60000, found 10"),
        ("  - name: a\n    description: d\n    retryCount: 9\n    match: []\n",
         "pumps.yaml:11: profiles[0].retryCount: must be between 0 and 5, found 9"),
        ("  - name: a\n    description: d\n    match: []\n    baud: 9600\n",
         "pumps.yaml:12: profiles[0].baud: is not a known field here (expected one of: baudRate, description, framing, match, name, protocol, replyTimeoutMs, retryCount)"),
        ("  - name: a\n    match: []\n",
         "pumps.yaml:9: profiles[0].description: is required but missing"),
        ("  - name: Bed 12\n    description: d\n    match: []\n",
         "pumps.yaml:9: profiles[0].name: expected lowercase letters, digits and hyphens (at most 40), found 'Bed 12'"),
        ("  - name: a\n    description: d\n    match: []\n  - name: a\n    description: e\n    match: []\n",
         "pumps.yaml:12: profiles[1].name: 'a' names two profiles; names must be unique"),
        ("  - name: a\n    description: d\n    match:\n      - {vendorId: \"0403\", productId: \"6001\"}\n  - name: b\n    description: e\n    match:\n      - {vendorId: \"0403\", productId: \"6001\"}\n",
         "pumps.yaml:16: profiles[1].match[0]: adapter 0403:6001 is already matched by profile 'a'; an adapter must match one profile"),
        ("  - name: a\n    description: d\n    match:\n      - {vendorId: \"0403\", productId: \"6001\"}\n      - {vendorId: \"0403\", productId: \"6001\"}\n",
         "pumps.yaml:13: profiles[0].match[1]: repeats adapter 0403:6001"),
    ])
    func malformed(entry: String, expected: String) {
        #expect {
            _ = try parse(entry)
        } throws: { error in
            (error as? ConfigError)?.description == expected
        }
    }

    @Test("a file without profiles, or of another schema version, is refused")
    func wholeFile() {
        #expect {
            _ = try PumpProfileCatalog.parse(Data((header + "  []\n").utf8), file: "pumps.yaml")
        } throws: { error in
            (error as? ConfigError)?.field == "profiles"
        }
        #expect {
            _ = try PumpProfileCatalog.parse(Data(header.replacingOccurrences(of: "schemaVersion: 1", with: "schemaVersion: 2").utf8), file: "pumps.yaml")
        } throws: { error in
            (error as? ConfigError)?.description == "pumps.yaml:1: schemaVersion: this program reads schema version 1"
        }
    }
}
