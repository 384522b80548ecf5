/// Time bounds for the operations that have no timeout argument of their own.
///
/// No transport operation may block without limit: a driver stuck in a write cannot notice that a pump stopped, so
/// writes, drains and TCP connects each give up after a bound and throw an error naming the port.
public struct TransportOptions: Sendable, Equatable {
    /// How long a write may wait for the line to accept all its bytes. A pump frame is a few hundred bytes, under
    /// 0.1 s at 38400 baud; the default leaves room for a slow USB adapter without hiding a stalled line.
    public var writeTimeout: Duration
    /// How long ``ByteTransport/drain()`` may wait for queued bytes to leave.
    public var drainTimeout: Duration
    /// How long a TCP connection to a serial device server may take to establish.
    public var connectTimeout: Duration
    /// How long opening a serial line waits for another holder of its lock to let go before reporting the line in
    /// use. Holders that are on their way out are common: a controller closing the line, or a program being started
    /// by this one at that moment, which shares every descriptor (close-on-exec ones too) until it executes.
    public var lockWait: Duration

    /// Creates options; the defaults suit a pump on a local serial line or LAN device server.
    public init(
        writeTimeout: Duration = .seconds(2), drainTimeout: Duration = .seconds(2), connectTimeout: Duration = .seconds(5),
        lockWait: Duration = .milliseconds(500)
    ) {
        self.writeTimeout = writeTimeout
        self.drainTimeout = drainTimeout
        self.connectTimeout = connectTimeout
        self.lockWait = lockWait
    }
}
