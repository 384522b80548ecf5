/// A byte pipe to one pump: the only thing the driver needs from a serial line, a pseudo-terminal or a TCP socket.
///
/// It moves bytes and knows nothing of frames, so the driver and its tests can run over any of them. Every operation is
/// bounded in time: reads by their `timeout`, writes and drains by the transport's ``TransportOptions``. Each
/// conforming actor runs its blocking system calls on its own dedicated thread (see ``BlockingIOExecutor``), never on
/// Swift's cooperative pool.
public protocol ByteTransport: Actor {
    /// The port as a person would name it (`/dev/ttyUSB0`, `tcp://10.0.0.5:4001`); every error repeats it.
    nonisolated var portDescription: String { get }

    /// Writes all of `bytes`, or throws. A write is not interrupted by task cancellation, so a frame is never cut
    /// short because a task was cancelled; only the write timeout can leave it partly sent (``TransportError/writeTimedOut(port:written:total:)``).
    func write(_ bytes: [UInt8]) async throws(TransportError)

    /// Returns the bytes available, at most `maxBytes`, as soon as at least one has arrived; an empty array when
    /// `timeout` passes with none. Throws ``TransportError/disconnected(port:)`` when the peer is gone and
    /// ``TransportError/cancelled(port:)`` when the calling task is cancelled while waiting.
    func read(upTo maxBytes: Int, timeout: Duration) async throws(TransportError) -> [UInt8]

    /// Throws away bytes received but not yet read, so a late reply to an earlier request cannot be taken for the
    /// reply to the next one.
    func discardInput() async throws(TransportError)

    /// Waits until every written byte has left this machine (or was acknowledged, for TCP), up to the drain timeout.
    func drain() async throws(TransportError)

    /// Closes the port, discarding bytes not yet sent (call ``drain()`` first to keep them). Idempotent; afterwards
    /// every operation throws ``TransportError/closed(port:)``.
    func close() async
}
