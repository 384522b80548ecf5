/// Why serial adapters could not be listed, watched or told apart.
public enum DiscoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libudev could not be initialised or could not list the tty devices.
    case enumerationFailed(detail: String)
    /// The udev event monitor could not be set up.
    case monitorUnavailable(detail: String)
    /// More than one adapter fits an identity that has no serial number, so the pump's adapter cannot be told apart
    /// from another one; opening either could mean talking to the wrong pump.
    case ambiguousAdapter(identity: String, devNodes: [String])

    /// One line an engineer can act on.
    public var description: String {
        switch self {
        case .enumerationFailed(let detail):
            return "cannot list serial adapters through udev: \(detail)"
        case .monitorUnavailable(let detail):
            return "cannot watch for serial adapters being plugged in or out (udev monitor): \(detail)"
        case .ambiguousAdapter(let identity, let devNodes):
            return "adapter \(identity) has no serial number and \(devNodes.count) such adapters are present "
                + "(\(devNodes.joined(separator: ", "))); unplug all but the pump's, or use adapters with serial numbers"
        }
    }
}
