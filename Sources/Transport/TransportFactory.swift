/// Opens the transport an ``Endpoint`` names, so the driver can reconnect without knowing which kind it holds.
public enum TransportFactory {
    /// Opens `endpoint` and returns the open transport, or throws an error naming the port.
    public static func open(
        _ endpoint: Endpoint, options: TransportOptions = TransportOptions()
    ) async throws(TransportError) -> any ByteTransport {
        switch endpoint {
        case .tty(let path, let baudRate):
            return try await TermiosTransport.open(path: path, baudRate: baudRate, options: options)
        case .serialPort(let name, let baudRate):
            return try await SerialPortTransport.open(name: name, baudRate: baudRate, options: options)
        case .tcp(let host, let port):
            return try await TCPTransport.open(host: host, port: port, options: options)
        }
    }
}
