import ArgumentParser
import ConfigFile
import Discovery
import Foundation
import Transport

/// `infusion ports`: the USB serial adapters present, each with the pump profile it matches; `--watch` follows
/// adapters being plugged in and pulled out; `--check PORT` tries to open a port the way the driver would.
///
/// For the engineer setting up a bedside controller: which node is the pump, is its adapter recognised, and can this
/// user open it. The listing and matching live in `Discovery`; this command only parses options and prints.
struct PortsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ports",
        abstract: "List USB serial adapters and the pump profile each matches.",
        discussion: """
            JSON output is an array of objects with the keys devNode, vendorId, productId, serialNumber, manufacturer, \
            model, sysPath and profile (null when absent). --watch prints one line per adapter plugged in or pulled \
            out until interrupted or until --max-events events. --check PORT opens PORT as the driver would and \
            closes it again (exit 1 with the reason when it cannot).
            """
    )

    /// Which transport `--check` uses.
    enum TransportChoice: String, ExpressibleByArgument, CaseIterable {
        case auto
        case tty
        case libserialport
    }

    @Option(help: "text | json") var format: OutputFormat = .text
    @Flag(help: "Print adapters as they are plugged in or pulled out, until interrupted.") var watch = false
    @Option(name: .customLong("max-events"), help: ArgumentHelp("With --watch: stop after this many events (1 or more).", valueName: "n"))
    var maxEvents: Int?
    @Option(help: ArgumentHelp("Open this port as the driver would, then close it, and report the outcome.", valueName: "port"))
    var check: String?
    @Option(help: "With --check: auto (termios for a pseudo-terminal, else libserialport) | tty | libserialport.")
    var transport: TransportChoice = .auto
    @Option(name: .customLong("config-dir"), help: ArgumentHelp("Directory holding pumps.yaml (default: $INFUSION_CONFIG_DIR, ./Config).", valueName: "dir"))
    var configDir: String?

    func validate() throws {
        if let maxEvents {
            guard watch else { throw ValidationError("--max-events applies only with --watch") }
            guard maxEvents >= 1 else { throw ValidationError("--max-events must be 1 or more, found \(maxEvents)") }
        }
        if watch && check != nil { throw ValidationError("--watch and --check cannot be combined") }
        if transport != .auto && check == nil { throw ValidationError("--transport applies only with --check") }
        if let check, check.isEmpty { throw ValidationError("--check needs a port such as /dev/ttyUSB0") }
    }

    func run() async throws {
        let catalog: PumpProfileCatalog
        do {
            catalog = try PumpProfileCatalog.load(path: ConfigLocator.path(of: PumpProfileCatalog.fileName, explicit: configDir))
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        if let check {
            try await checkPort(check, catalog: catalog)
        } else if watch {
            try await watchPorts(catalog: catalog)
        } else {
            try list(catalog: catalog)
        }
    }

    // MARK: Listing

    private func list(catalog: PumpProfileCatalog) throws {
        let adapters: [SerialAdapter]
        do {
            adapters = try SerialAdapterScanner.scan()
        } catch {
            throw CommandFailure.runtime(error.description)
        }
        let listings = adapters.map { AdapterListing(adapter: $0, profile: catalog.profile(for: $0)?.name) }
        switch format {
        case .json:
            emit(listings.isEmpty ? "[]" : try Self.json(listings, pretty: true))
        case .text:
            emit(listings.isEmpty ? "No USB serial adapters found." : listings.map(\.text).joined(separator: "\n"))
        }
    }

    // MARK: Watching

    private func watchPorts(catalog: PumpProfileCatalog) async throws {
        let monitor: PortMonitor
        do {
            monitor = try PortMonitor.start()
        } catch {
            throw CommandFailure.runtime(error.description)
        }
        // On stderr, so stdout holds only events; tests wait for this line before plugging a fake adapter in.
        FileHandle.standardError.write(Data("watching for serial adapters being plugged in or pulled out (Ctrl-C to stop)\n".utf8))
        var seen = 0
        for await event in monitor.events {
            let listing = AdapterListing(adapter: event.adapter, profile: catalog.profile(for: event.adapter)?.name)
            switch format {
            case .json: emit(try Self.json(EventListing(event: event.action.rawValue, listing: listing), pretty: false))
            case .text: emit("\(event.action.rawValue) \(listing.text)")
            }
            seen += 1
            if let maxEvents, seen >= maxEvents { break }
        }
        await monitor.stop()
    }

    // MARK: Checking

    private func checkPort(_ port: String, catalog: PumpProfileCatalog) async throws {
        // The listing only picks the baud rate of the port's profile; if it fails, the open below still tells the truth.
        let adapter = try? SerialAdapterScanner.scan().first { $0.devNode == port }
        let profile = adapter.flatMap { catalog.profile(for: $0) }
        let baudRate = profile?.baudRate ?? .protocolDefault
        let endpoint: Endpoint
        switch transport {
        case .auto: endpoint = .device(port, baudRate: baudRate)
        case .tty: endpoint = .tty(path: port, baudRate: baudRate)
        case .libserialport: endpoint = .serialPort(name: port, baudRate: baudRate)
        }
        do {
            let opened = try await TransportFactory.open(endpoint)
            await opened.close()
        } catch {
            throw CommandFailure.runtime(error.description)
        }
        let profileText = profile.map { "; matches profile \($0.name)" } ?? ""
        switch format {
        case .json:
            emit(try Self.json(CheckListing(port: port, endpoint: endpoint.description, profile: profile?.name), pretty: false))
        case .text:
            emit("\(port): opened and closed through \(endpoint)\(profileText)")
        }
    }

    // MARK: Output

    /// Writes one line to stdout at once (not through stdio's buffer), so a reader of `--watch` sees each event as it happens.
    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private static func json(_ value: some Encodable, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw CommandFailure.runtime("cannot encode the output as JSON: \(error)")
        }
    }
}

/// One adapter as `infusion ports` shows it; every key is always present (null when unknown) so consumers can rely
/// on the shape.
private struct AdapterListing: Encodable {
    let adapter: SerialAdapter
    let profile: String?

    private enum CodingKeys: String, CodingKey {
        case devNode, vendorId, productId, serialNumber, manufacturer, model, sysPath, profile
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(adapter.devNode, forKey: .devNode)
        try container.encode(adapter.vendorId, forKey: .vendorId)
        try container.encode(adapter.productId, forKey: .productId)
        try container.encode(adapter.serialNumber, forKey: .serialNumber)
        try container.encode(adapter.manufacturer, forKey: .manufacturer)
        try container.encode(adapter.model, forKey: .model)
        try container.encode(adapter.sysPath, forKey: .sysPath)
        try container.encode(profile, forKey: .profile)
    }

    /// `/dev/ttyUSB0  0403:6001  serial A12345  FTDI FT232R USB UART  profile generic-ftdi  (/sys/...)`.
    var text: String {
        let name = [adapter.manufacturer, adapter.model].compactMap { $0 }.joined(separator: " ")
        return [
            adapter.devNode,
            "\(adapter.vendorId):\(adapter.productId)",
            adapter.serialNumber.map { "serial \($0)" } ?? "no serial number",
            name.isEmpty ? "unnamed adapter" : name,
            profile.map { "profile \($0)" } ?? "no matching profile",
            "(\(adapter.sysPath))",
        ].joined(separator: "  ")
    }
}

/// One `--watch` event: the adapter's keys plus `event` (`add` or `remove`).
private struct EventListing: Encodable {
    let event: String
    let listing: AdapterListing

    private enum CodingKeys: String, CodingKey { case event }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event, forKey: .event)
        try listing.encode(to: encoder)
    }
}

/// The outcome of a successful `--check`.
private struct CheckListing: Encodable {
    let port: String
    let endpoint: String
    let profile: String?

    private enum CodingKeys: String, CodingKey { case port, opened, endpoint, profile }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(port, forKey: .port)
        try container.encode(true, forKey: .opened)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(profile, forKey: .profile)
    }
}
