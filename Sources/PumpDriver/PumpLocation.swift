import Discovery
import Transport

/// Where a pump's line is, in the form that survives a reconnection.
///
/// A fixed endpoint (a tty or pseudo-terminal path, possibly a symlink such as the simulator's `--link`, or a TCP
/// device server) is simply opened again. An adapter identity (`--match VID:PID[:SERIAL]`) is looked up again through
/// Discovery on every open, because an adapter plugged back in may come back at another device node.
public enum PumpLocation: Sendable, Equatable, CustomStringConvertible {
    /// A device path or TCP server, opened as it is.
    case endpoint(Endpoint)
    /// The USB serial adapter with this identity, wherever it is plugged in, at this line speed.
    case adapter(AdapterIdentity, baudRate: BaudRate)

    /// `/dev/ttyUSB0 (libserialport, 38400 baud)`, `tcp://host:4001`, `adapter 0403:6001 serial A1`.
    public var description: String {
        switch self {
        case .endpoint(let endpoint): return endpoint.description
        case .adapter(let identity, _): return "adapter \(identity)"
        }
    }

    /// True for a TCP device server (its reply timeout is the protocol's slow-link value).
    public var isTCP: Bool {
        if case .endpoint(.tcp) = self { return true }
        return false
    }

    /// Parses `HOST:PORT` (an IPv6 host in brackets: `[::1]:4001`) as given to `--tcp`.
    public static func tcp(parsing text: String) throws(PumpLocationError) -> PumpLocation {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw .badTCPAddress(text)
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .badTCPAddress(text) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { throw .badTCPAddress(text) }
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "/" }) else {
            throw .badTCPAddress(text)
        }
        guard (1...5).contains(portText.count), portText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portText), (1...65535).contains(port)
        else { throw .badTCPPort(text) }
        return .endpoint(.tcp(host: String(host), port: UInt16(port)))
    }

    /// Parses `VID:PID` or `VID:PID:SERIAL` as given to `--match` (ids are 4 hex digits, as `infusion ports` shows).
    public static func adapterIdentity(parsing text: String) throws(PumpLocationError) -> AdapterIdentity {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { throw .badAdapterMatch(text) }
        let isId: (Substring) -> Bool = { part in part.count == 4 && part.allSatisfy { $0.isASCII && $0.isHexDigit } }
        guard isId(parts[0]), isId(parts[1]) else { throw .badAdapterMatch(text) }
        var serial: String?
        if parts.count == 3 {
            guard !parts[2].isEmpty, parts[2].allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw .badAdapterMatch(text)
            }
            serial = String(parts[2])
        }
        return AdapterIdentity(vendorId: String(parts[0]), productId: String(parts[1]), serialNumber: serial)
    }
}
