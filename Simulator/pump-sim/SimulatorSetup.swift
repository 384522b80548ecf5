import Foundation
import PumpProtocol
import PumpSimulator

/// Everything the command line asked for, checked before any device is opened.
struct SimulatorSetup: Sendable {
    /// Where the controller connects.
    enum Endpoint: Sendable {
        /// A pseudo-terminal whose slave is reached through the symlink at `linkPath`.
        case pty(linkPath: String)
        /// A TCP listener on 127.0.0.1 (port 0: the system picks one).
        case tcp(port: UInt16)
    }

    /// Baud rates `--baud` accepts: every common UART rate, including the protocol's (docs/protocol.md §2).
    static let baudRange = 300...4_000_000
    /// `--events` values.
    static let eventModes = ["auto", "on", "off"]

    let endpoint: Endpoint
    let clock: ClockFactor
    let baudRate: Int?
    let pumps: [PumpConfiguration]
    let rules: [ScenarioRule]
    let trace: Bool

    /// Checks the flags in the order they are documented; the first problem is thrown.
    init(
        link: String?, tcp: String?, speed: String, baud: String?, addresses: [String], scenario: String?,
        serial: String?, battery: String?, faults: [String], events: String, trace: Bool
    ) throws(SetupError) {
        switch (link, tcp) {
        case (let path?, nil):
            try Self.checkLinkPath(path)
            endpoint = .pty(linkPath: path)
        case (nil, let portText?):
            guard let port = SimulatorNumber.integer(portText, in: 0...65535) else {
                throw SetupError("--tcp: '\(PrintableText.of(portText))' is not a port from 0 to 65535 (0: any free port)")
            }
            endpoint = .tcp(port: UInt16(port))
        case (nil, nil):
            throw SetupError("give --link PATH (pseudo-terminal) or --tcp PORT (TCP on 127.0.0.1)")
        case (.some, .some):
            throw SetupError("--link and --tcp: give only one of them")
        }
        guard let clock = ClockFactor(text: speed) else {
            throw SetupError("--speed: '\(PrintableText.of(speed))' is not \(ClockFactor.rule)")
        }
        self.clock = clock
        if let baud {
            guard let rate = SimulatorNumber.integer(baud, in: Self.baudRange) else {
                throw SetupError("--baud: '\(PrintableText.of(baud))' is not a baud rate from 300 to 4000000 (e.g. 38400)")
            }
            baudRate = rate
        } else {
            baudRate = nil
        }
        let pumpAddresses = try Self.addresses(addresses)
        let batteryPercent: Int
        if let battery {
            guard let percent = SimulatorNumber.integer(battery, in: PumpLimits.batteryPercent) else {
                throw SetupError("--battery: '\(PrintableText.of(battery))' is not a charge in percent from 0 to 100")
            }
            batteryPercent = percent
        } else {
            batteryPercent = 100
        }
        guard Self.eventModes.contains(events) else {
            throw SetupError("--events: '\(PrintableText.of(events))' is not auto, on or off")
        }
        let sendsEvents = events == "on" || (events == "auto" && pumpAddresses.count == 1)
        let baseSerial = serial ?? PumpConfiguration.defaultSerial
        pumps = try pumpAddresses.map { address throws(SetupError) in
            let serialNumber = pumpAddresses.count == 1 ? baseSerial : "\(baseSerial)-\(address)"
            do {
                // The rule IDEN applies (docs/protocol.md §6.2), checked by the codec itself.
                _ = try PumpIdentity(
                    model: PumpConfiguration.defaultModel, serialNumber: serialNumber,
                    firmwareVersion: PumpConfiguration.defaultFirmware, protocolVersion: .current, bootId: BootId(0))
            } catch {
                throw SetupError(
                    "--serial: '\(PrintableText.of(serialNumber))': \(error)"
                        + (pumpAddresses.count > 1 ? " (with several pumps, '-AA' is appended to the serial)" : ""))
            }
            return PumpConfiguration(
                address: address, serialNumber: serialNumber, batteryPercent: batteryPercent, sendsEvents: sendsEvents)
        }
        let addressSet = Set(pumpAddresses)
        var rules: [ScenarioRule] = []
        if let scenario { rules += try Self.scenarioRules(path: scenario, addresses: addressSet) }
        for spec in faults {
            do {
                rules.append(try FaultFlag.parse(spec, addresses: addressSet))
            } catch {
                throw SetupError(error.description)
            }
        }
        self.rules = rules
        self.trace = trace
    }

    private static func checkLinkPath(_ path: String) throws(SetupError) {
        guard !path.isEmpty else { throw SetupError("--link: the path is empty") }
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        let parent = directory.isEmpty ? "." : directory
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SetupError("--link: directory '\(PrintableText.of(parent))' does not exist")
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType != .typeSymbolicLink
        {
            throw SetupError("--link: '\(PrintableText.of(path))' exists and is not a symbolic link; refusing to replace it")
        }
    }

    private static func addresses(_ texts: [String]) throws(SetupError) -> [PumpAddress] {
        guard !texts.isEmpty else { return [PumpAddress(1)].compactMap { $0 } }
        var addresses: [PumpAddress] = []
        for text in texts {
            guard let value = SimulatorNumber.integer(text, in: PumpAddress.range), let address = PumpAddress(value) else {
                throw SetupError("--address: '\(PrintableText.of(text))' is not a pump address from 0 to 99")
            }
            guard !addresses.contains(address) else {
                throw SetupError("--address: \(value) is given twice; every pump on a line needs its own address")
            }
            addresses.append(address)
        }
        return addresses
    }

    /// The bytes of the regular file at `path`, at most one more than the parser accepts: `/dev/zero`, a FIFO or a
    /// directory given as a scenario is refused at once instead of being read forever. Opened non-blocking (a FIFO
    /// without a writer would block the open) and checked on the open descriptor.
    private static func readScenarioFile(_ path: String) throws(SetupError) -> Data {
        let shown = PrintableText.of(path)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw SetupError("--scenario: cannot read '\(shown)' (missing or unreadable)") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw SetupError("--scenario: '\(shown)' is not a regular file (a directory, device or pipe); name a scenario file")
        }
        do {
            return try handle.read(upToCount: ScenarioParser.maximumFileBytes + 1) ?? Data()
        } catch {
            throw SetupError("--scenario: cannot read '\(shown)' (missing or unreadable)")
        }
    }

    private static func scenarioRules(path: String, addresses: Set<PumpAddress>) throws(SetupError) -> [ScenarioRule] {
        let data = try readScenarioFile(path)
        guard data.count <= ScenarioParser.maximumFileBytes else {
            throw SetupError("--scenario: '\(PrintableText.of(path))' is larger than \(ScenarioParser.maximumFileBytes) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SetupError("--scenario: '\(PrintableText.of(path))' is not UTF-8 text")
        }
        do {
            return try ScenarioParser.parse(text, name: path, addresses: addresses)
        } catch {
            throw SetupError("--scenario \(error.description)")
        }
    }
}
