import ArgumentParser
import ConfigFile
import Discovery
import PumpDriver
import PumpProtocol
import Transport

/// The options every `infusion pump` command shares: where the pump is, its address, and the output format.
struct PumpCommandConnection: ParsableArguments {
    @OptionGroup var location: PumpLocationOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("The pump's address on the line, 0-99.", valueName: "n"))
    var address: Int = 1
    @Option(help: "text | json")
    var format: OutputFormat = .text
    @Option(name: .customLong("config-dir"), help: ArgumentHelp("Directory holding pumps.yaml (default: $INFUSION_CONFIG_DIR, ./Config).", valueName: "dir"))
    var configDir: String?

    func validate() throws {
        let given = [location.port, location.tcp, location.match].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError("give exactly one of \(PumpLocationOptions.choices)")
        }
        if let port = location.port, port.isEmpty { throw ValidationError("--port needs a path such as /dev/ttyUSB0") }
        guard PumpAddress(address) != nil else {
            throw ValidationError("--address expects a pump address from 0 to 99, found \(address)")
        }
        do {
            if let tcp = location.tcp { _ = try PumpLocation.tcp(parsing: tcp) }
            if let match = location.match { _ = try PumpLocation.adapterIdentity(parsing: match) }
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

    /// The location and timing of the pump, resolved as the workflow resolves it (``PumpConnector``).
    private func resolve() throws -> (PumpLocation, PumpLinkTiming) {
        let catalog: PumpProfileCatalog
        do {
            catalog = try PumpProfileCatalog.load(path: ConfigLocator.path(of: PumpProfileCatalog.fileName, explicit: configDir))
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        guard let spec = try location.endpoint() else {
            throw CommandFailure.badInput("give exactly one of \(PumpLocationOptions.choices)")
        }
        do {
            return try PumpConnector.resolve(spec, profileName: location.profile, catalog: catalog)
        } catch {
            throw error.isBadInput ? CommandFailure.badInput(error.description) : CommandFailure.runtime(error.description)
        }
    }
}
