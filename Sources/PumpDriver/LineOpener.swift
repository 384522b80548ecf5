import Discovery
import Transport

/// How to open a pump's line, again and again: at start and after every loss of the link.
///
/// Production openers come from a `PumpLocation`; tests pass their own closure (an in-memory pipe, a
/// pseudo-terminal), so reconnection is tested without hardware.
public struct LineOpener: Sendable {
    /// The location as a person would name it, for errors before any transport exists.
    public let location: String
    private let opening: @Sendable () async throws(LineOpenError) -> any ByteTransport

    /// An opener running `open` each time the line is (re)opened.
    public init(location: String, open: @escaping @Sendable () async throws(LineOpenError) -> any ByteTransport) {
        self.location = location
        opening = open
    }

    /// Opens a fresh transport.
    public func open() async throws(LineOpenError) -> any ByteTransport {
        try await opening()
    }

    /// Opens `location`: a fixed endpoint as it is; an adapter identity by finding the adapter again each time
    /// (`findAdapter` defaults to the udev scan), possibly at a new device node.
    public static func location(
        _ location: PumpLocation, options: TransportOptions = TransportOptions(),
        findAdapter: @escaping @Sendable (AdapterIdentity) throws(DiscoveryError) -> SerialAdapter? = {
            (identity: AdapterIdentity) throws(DiscoveryError) -> SerialAdapter? in
            try SerialAdapterScanner.find(identity)
        }
    ) -> LineOpener {
        LineOpener(location: location.description) { () throws(LineOpenError) -> any ByteTransport in
            let endpoint: Endpoint
            switch location {
            case .endpoint(let fixed):
                endpoint = fixed
            case .adapter(let identity, let baudRate):
                let adapter: SerialAdapter?
                do throws(DiscoveryError) {
                    adapter = try findAdapter(identity)
                } catch {
                    throw .discovery(error)
                }
                guard let adapter else { throw .adapterNotFound(identity) }
                endpoint = .device(adapter.devNode, baudRate: baudRate)
            }
            do throws(TransportError) {
                return try await TransportFactory.open(endpoint, options: options)
            } catch {
                throw .transport(error)
            }
        }
    }
}
