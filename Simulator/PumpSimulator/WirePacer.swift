/// Paces transmission at a baud rate (`--baud`): 10 bits per byte (8N1), so a frame takes its real wire time.
///
/// Pure: given the time, it says how many bytes may have left the transmitter. Without a baud rate every byte may
/// go at once. A burst starts when the transmitter was idle; bytes then follow back to back, each one byte time
/// after the previous.
public struct WirePacer: Sendable, Hashable {
    /// The baud rate, or nil for no pacing.
    public let baudRate: Int?
    private var burstStartWall: Int64 = 0
    private var sentInBurst: Int64 = 0
    private var idle = true

    /// A pacer for `baudRate` (nil: unpaced).
    public init(baudRate: Int?) {
        self.baudRate = baudRate.map { max($0, 1) }
    }

    /// Wall nanoseconds one byte takes on the wire.
    public var byteNanoseconds: Int64 {
        guard let baudRate else { return 0 }
        return Int64(10) * 1_000_000_000 / Int64(baudRate)
    }

    /// How many of `waiting` bytes may be written at `wall` (nanoseconds since start).
    public mutating func allowance(waiting: Int, atWall wall: Int64) -> Int {
        guard waiting > 0 else {
            idle = true
            return 0
        }
        guard baudRate != nil else { return waiting }
        if idle {
            idle = false
            burstStartWall = wall
            sentInBurst = 0
        }
        let elapsed = max(0, wall - burstStartWall)
        let due = elapsed / max(byteNanoseconds, 1) + 1
        return Int(min(Int64(waiting), max(0, due - sentInBurst)))
    }

    /// Records that `count` bytes were written; when the queue is empty the transmitter goes idle.
    public mutating func sent(_ count: Int, queueEmpty: Bool) {
        sentInBurst += Int64(count)
        if queueEmpty { idle = true }
    }

    /// When the next byte may be written, or nil when unpaced or idle.
    public var nextByteWall: Int64? {
        guard baudRate != nil, !idle else { return nil }
        return burstStartWall + sentInBurst * byteNanoseconds
    }
}
