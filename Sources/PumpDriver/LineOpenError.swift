import Discovery
import Transport

/// Why a pump's line could not be opened (or opened again after it was lost); names the port or adapter.
public enum LineOpenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The transport refused: missing device, permission, busy, connection refused... (its message says which).
    case transport(TransportError)
    /// No adapter with this identity is plugged in.
    case adapterNotFound(AdapterIdentity)
    /// The adapters could not be listed, or several fit an identity without a serial number.
    case discovery(DiscoveryError)
    /// The line was closed for good by its owner.
    case closed(location: String)

    /// One line an engineer can act on.
    public var description: String {
        switch self {
        case .transport(let error):
            return error.description
        case .adapterNotFound(let identity):
            return "no USB serial adapter \(identity) is plugged in; check the pump's cable (see `infusion ports`)"
        case .discovery(let error):
            return error.description
        case .closed(let location):
            return "\(location): the line was closed by its owner"
        }
    }
}
