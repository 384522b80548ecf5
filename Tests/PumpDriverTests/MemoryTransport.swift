import Transport

/// One end of an in-memory byte pipe: what one end writes, the other reads, in order, with no loss.
///
/// The driver's end stands for a serial line and the test's end for the pump. Reads wait for bytes (not for time:
/// the timeout is ignored, which the driver's reader tolerates because it only loops on an empty read), wake on task
/// cancellation, and throw `disconnected` once the other end has hung up, as a pulled adapter does.
actor MemoryTransport: ByteTransport {
    nonisolated let portDescription: String
    private weak var peer: MemoryTransport?
    private var inbox: [UInt8] = []
    private var closed = false
    private var peerHungUp = false
    private var reader: (id: Int, continuation: CheckedContinuation<Void, Never>)?
    private var nextReaderId = 0
    /// Every byte this end ever received, for assertions.
    private(set) var received: [UInt8] = []

    init(portDescription: String) {
        self.portDescription = portDescription
    }

    /// A connected pair: (driver end, pump end).
    static func pair(port: String = "memory-line") async -> (driverEnd: MemoryTransport, pumpEnd: MemoryTransport) {
        let driverEnd = MemoryTransport(portDescription: port)
        let pumpEnd = MemoryTransport(portDescription: "\(port) (pump end)")
        await driverEnd.connect(to: pumpEnd)
        await pumpEnd.connect(to: driverEnd)
        return (driverEnd, pumpEnd)
    }

    private func connect(to other: MemoryTransport) {
        peer = other
    }

    func write(_ bytes: [UInt8]) async throws(TransportError) {
        guard !closed else { throw .closed(port: portDescription) }
        guard let peer, !peerHungUp else { throw .disconnected(port: portDescription) }
        await peer.deliver(bytes)
    }

    private func deliver(_ bytes: [UInt8]) {
        guard !closed else { return }
        inbox += bytes
        received += bytes
        wakeReader()
    }

    func read(upTo maxBytes: Int, timeout: Duration) async throws(TransportError) -> [UInt8] {
        while true {
            guard !closed else { throw .closed(port: portDescription) }
            if !inbox.isEmpty {
                let count = min(maxBytes, inbox.count)
                let bytes = Array(inbox.prefix(count))
                inbox.removeFirst(count)
                return bytes
            }
            guard !peerHungUp else { throw .disconnected(port: portDescription) }
            guard !Task.isCancelled else { throw .cancelled(port: portDescription) }
            let id = nextReaderId
            nextReaderId += 1
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    reader = (id, continuation)
                }
            } onCancel: {
                Task { await self.cancelRead(id) }
            }
        }
    }

    private func cancelRead(_ id: Int) {
        guard let reader, reader.id == id else { return }
        self.reader = nil
        reader.continuation.resume()
    }

    private func wakeReader() {
        let waiting = reader
        reader = nil
        waiting?.continuation.resume()
    }

    func discardInput() throws(TransportError) {
        guard !closed else { throw .closed(port: portDescription) }
        inbox.removeAll()
    }

    func drain() throws(TransportError) {
        guard !closed else { throw .closed(port: portDescription) }
    }

    func close() async {
        guard !closed else { return }
        closed = true
        wakeReader()
        await peer?.hangUp()
    }

    private func hangUp() {
        peerHungUp = true
        wakeReader()
    }

    /// Bytes received and not yet read.
    var unread: [UInt8] { inbox }
}
