import ArgumentParser
import ConfigFile
import Discovery
import PumpDriver
import PumpProtocol
import Transport

/// The options every `infusion pump` command shares: where the pump is, its address, and the output format.
struct PumpCommandConnection: ParsableArguments {
    @Option(help: ArgumentHelp("A tty or pseudo-terminal (a symlink such as pump-sim's --link is fine).", valueName: "path"))
    var port: String?
    @Option(help: ArgumentHelp("A serial device server, HOST:PORT.", valueName: "host:port"))
    var tcp: String?
    @Option(help: ArgumentHelp("The USB serial adapter with these ids (as `infusion ports` shows them).", valueName: "vid:pid[:serial]"))
    var match: String?
    @Option(help: ArgumentHelp("The pump's address on the line, 0-99.", valueName: "n"))
    var address: Int = 1
    @Option(help: ArgumentHelp("Use this profile of pumps.yaml instead of the one the adapter matches.", valueName: "name"))
    var profile: String?
    @Option(help: "text | json")
    var format: OutputFormat = .text
    @Option(name: .customLong("config-dir"), help: ArgumentHelp("Directory holding pumps.yaml (default: $INFUSION_CONFIG_DIR, ./Config).", valueName: "dir"))
    var configDir: String?

    func validate() throws {
        let given = [port, tcp, match].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError("give exactly one of --port PATH, --tcp HOST:PORT or --match VID:PID[:SERIAL]")
        }
        if let port, port.isEmpty { throw ValidationError("--port needs a path such as /dev/ttyUSB0") }
        guard PumpAddress(address) != nil else {
            throw ValidationError("--address expects a pump address from 0 to 99, found \(address)")
        }
        do {
            if let tcp { _ = try PumpLocation.tcp(parsing: tcp) }
            if let match { _ = try PumpLocation.adapterIdentity(parsing: match) }
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Opens the line and connects (IDEN) to the pump, or fails with exit 2 (options, configuration) or 1 (line,
    /// pump).
    func openSession() async throws -> PumpCommandSession {
        guard let pumpAddress = PumpAddress(address) else {
            throw CommandFailure.badInput("--address expects a pump address from 0 to 99, found \(address)")
        }
        let (location, timing) = try resolve()
        let line: PumpLine
        do {
            line = try await PumpLine.open(location, timing: timing)
        } catch {
            throw CommandFailure.runtime("pump \(pumpAddress) on \(location): cannot open the line: \(error.description)")
        }
        let driver = PumpDriver(line: line, address: pumpAddress)
        let session = PumpCommandSession(line: line, driver: driver, format: format)
        _ = try await session.run { driver throws(PumpDriverError) in try await driver.connect() }
        return session
    }

    /// The location and timing of the pump: the profile named by --profile, else the one its adapter matches, else
    /// the protocol's defaults (docs/protocol.md §12).
    private func resolve() throws -> (PumpLocation, PumpLinkTiming) {
        let catalog: PumpProfileCatalog
        do {
            catalog = try PumpProfileCatalog.load(path: ConfigLocator.path(of: PumpProfileCatalog.fileName, explicit: configDir))
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        var chosen: PumpProfile?
        if let profile {
            guard let named = catalog.profile(named: profile) else {
                let names = catalog.profiles.map(\.name).joined(separator: ", ")
                throw CommandFailure.badInput("--profile expects one of the profiles of \(catalog.file) (\(names)), found '\(profile)'")
            }
            chosen = named
        }
        do {
            if let port {
                // Only the profile (baud rate, timeouts) comes from the listing; if it fails, the open still tells the truth.
                let adapter = try? SerialAdapterScanner.scan().first { $0.devNode == port }
                let selected = chosen ?? adapter.flatMap { catalog.profile(for: $0) }
                let endpoint = Endpoint.device(port, baudRate: selected?.baudRate ?? .protocolDefault)
                let timing = selected.map { PumpLinkTiming(profile: $0, overTCP: false) } ?? .protocolDefaults(for: endpoint)
                return (.endpoint(endpoint), timing)
            }
            if let tcp {
                let location = try PumpLocation.tcp(parsing: tcp)
                guard case .endpoint(let endpoint) = location else { throw CommandFailure.badInput("--tcp: \(tcp)") }
                let timing = chosen.map { PumpLinkTiming(profile: $0, overTCP: true) } ?? .protocolDefaults(for: endpoint)
                return (location, timing)
            }
            let identity = try PumpLocation.adapterIdentity(parsing: match ?? "")
            let adapter: SerialAdapter?
            do {
                adapter = try SerialAdapterScanner.find(identity)
            } catch {
                throw CommandFailure.runtime(error.description)
            }
            guard let adapter else {
                throw CommandFailure.runtime("no USB serial adapter \(identity) is plugged in; check the pump's cable (see `infusion ports`)")
            }
            guard let selected = chosen ?? catalog.profile(for: adapter) else {
                throw CommandFailure.badInput(
                    "--match: no profile in \(catalog.file) matches adapter \(identity) at \(adapter.devNode); add one or pass --profile NAME")
            }
            return (.adapter(identity, baudRate: selected.baudRate), PumpLinkTiming(profile: selected, overTCP: false))
        } catch let error as PumpLocationError {
            throw CommandFailure.badInput(error.description)
        }
    }
}
