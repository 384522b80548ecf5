import Discovery
import Transport

/// Where a pump is, as a nurse or engineer names it: a port path, a serial device server, or a USB adapter's ids.
///
/// Kept in this form (not as a resolved device node) in the journal, so that a restarted controller re-attaches the
/// same way: the same symlink, the same server, or the same adapter found again wherever it is plugged in now.
public enum PumpEndpointSpec: Sendable, Hashable, CustomStringConvertible {
    /// A tty or pseudo-terminal path (a symlink such as pump-sim's `--link` is fine).
    case port(String)
    /// A serial device server, `HOST:PORT`.
    case tcp(String)
    /// A USB serial adapter, `VID:PID[:SERIAL]`.
    case match(String)

    /// `port:/dev/ttyUSB0`, `tcp:10.0.0.5:4001`, `match:0403:6001:A12345`: the journalled form.
    public var description: String {
        switch self {
        case .port(let path): "port:\(path)"
        case .tcp(let address): "tcp:\(address)"
        case .match(let ids): "match:\(ids)"
        }
    }

    /// Reads the journalled form back.
    public init?(journalled text: String) {
        if text.hasPrefix("port:") {
            self = .port(String(text.dropFirst(5)))
        } else if text.hasPrefix("tcp:") {
            self = .tcp(String(text.dropFirst(4)))
        } else if text.hasPrefix("match:") {
            self = .match(String(text.dropFirst(6)))
        } else {
            return nil
        }
    }

    /// Exactly one of the three command-line options, or nil when none or several were given.
    public init?(port: String?, tcp: String?, match: String?) {
        switch (port, tcp, match) {
        case (let port?, nil, nil): self = .port(port)
        case (nil, let tcp?, nil): self = .tcp(tcp)
        case (nil, nil, let match?): self = .match(match)
        default: return nil
        }
    }
}

/// Why a pump's location could not be resolved: the user's text (exit 2) or the machine's state (exit 1).
public enum PumpConnectError: Error, Sendable, CustomStringConvertible {
    /// The option's text is wrong.
    case badOption(String)
    /// The adapter is not plugged in, or discovery failed.
    case notFound(String)

    /// True when the user's input is at fault.
    public var isBadInput: Bool {
        if case .badOption = self { return true }
        return false
    }

    /// One line.
    public var description: String {
        switch self {
        case .badOption(let text), .notFound(let text): text
        }
    }
}

/// Turns a ``PumpEndpointSpec`` into a location and line timing, using the pump profiles of `Config/pumps.yaml`.
public enum PumpConnector {
    /// The location and timing: the profile named `profileName`, else the one the adapter matches, else the
    /// protocol's defaults (docs/protocol.md §12).
    public static func resolve(
        _ spec: PumpEndpointSpec, profileName: String?, catalog: PumpProfileCatalog
    ) throws(PumpConnectError) -> (PumpLocation, PumpLinkTiming) {
        var chosen: PumpProfile?
        if let profileName {
            guard let named = catalog.profile(named: profileName) else {
                let names = catalog.profiles.map(\.name).joined(separator: ", ")
                throw .badOption("--profile expects one of the profiles of \(catalog.file) (\(names)), found '\(profileName)'")
            }
            chosen = named
        }
        do {
            switch spec {
            case .port(let path):
                guard !path.isEmpty else { throw PumpConnectError.badOption("--port needs a path such as /dev/ttyUSB0") }
                // Only the profile (baud rate, timeouts) comes from the listing; if it fails, the open still tells the truth.
                let adapter = try? SerialAdapterScanner.scan().first { $0.devNode == path }
                let selected = chosen ?? adapter.flatMap { catalog.profile(for: $0) }
                let endpoint = Endpoint.device(path, baudRate: selected?.baudRate ?? .protocolDefault)
                let timing = selected.map { PumpLinkTiming(profile: $0, overTCP: false) } ?? .protocolDefaults(for: endpoint)
                return (.endpoint(endpoint), timing)
            case .tcp(let text):
                let location = try PumpLocation.tcp(parsing: text)
                guard case .endpoint(let endpoint) = location else { throw PumpConnectError.badOption("--tcp: \(text)") }
                let timing = chosen.map { PumpLinkTiming(profile: $0, overTCP: true) } ?? .protocolDefaults(for: endpoint)
                return (location, timing)
            case .match(let text):
                let identity = try PumpLocation.adapterIdentity(parsing: text)
                let adapter: SerialAdapter?
                do {
                    adapter = try SerialAdapterScanner.find(identity)
                } catch {
                    throw PumpConnectError.notFound(error.description)
                }
                guard let adapter else {
                    throw PumpConnectError.notFound("no USB serial adapter \(identity) is plugged in; check the pump's cable (see `infusion ports`)")
                }
                guard let selected = chosen ?? catalog.profile(for: adapter) else {
                    throw PumpConnectError.badOption(
                        "--match: no profile in \(catalog.file) matches adapter \(identity) at \(adapter.devNode); add one or pass --profile NAME")
                }
                return (.adapter(identity, baudRate: selected.baudRate), PumpLinkTiming(profile: selected, overTCP: false))
            }
        } catch let error as PumpConnectError {
            throw error
        } catch let error as PumpLocationError {
            throw .badOption(error.description)
        } catch {
            throw .badOption("\(error)")
        }
    }
}
