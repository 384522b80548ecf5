/// Counters of what a line received and did not use, for diagnostics.
///
/// A rising count of ignored frames or decode errors on a quiet line points at wiring, baud rate, an echoing RS-485
/// adapter or a second talker; the tests use them to prove a frame was seen and deliberately ignored.
public struct LineStatistics: Sendable, Hashable {
    /// Valid frames that matched no outstanding request: echoes of our own requests, late or duplicate replies,
    /// replies for another address, sequence or code.
    public internal(set) var ignoredFrames = 0
    /// Candidates that were not valid frames (bad CRC, malformed, too long, incomplete).
    public internal(set) var decodeErrors = 0
    /// Partial frames abandoned by the inter-byte timeout.
    public internal(set) var abandonedPartialFrames = 0
    /// Events delivered to at least one subscriber or held for none.
    public internal(set) var eventsReceived = 0
    /// `EVT` frames whose payload could not be decoded (dropped; the status stays authoritative).
    public internal(set) var undecodableEvents = 0

    /// All zero.
    public init() {}
}
