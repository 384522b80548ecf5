/// What a pump did with one decoder output (docs/protocol.md §4.3, §5.3), for traces and scenario triggers.
public enum RequestDisposition: Sendable, Hashable {
    /// Not for this pump, or not answerable: nothing sent.
    case ignored
    /// Damaged (bad CRC, header readable): `NAK crc` sent; not executed, does not feed the watchdog.
    case damaged
    /// Own address, bad length or payload: `NAK malformed` sent; not executed; feeds the watchdog.
    case malformed
    /// A new request: executed, reply cached.
    case executed
    /// A retransmission of the cached request: the cached reply sent again, nothing executed.
    case resent
    /// The cached sequence number on a different request: `NAK sequenceReused`, nothing executed or cached.
    case sequenceReused

    /// True when a valid request reached the pump (executed, answered from the cache or refused as reused): what
    /// counts as an occurrence of its command code for `on: CODE` triggers.
    public var isValidRequest: Bool {
        switch self {
        case .executed, .resent, .sequenceReused: return true
        case .ignored, .damaged, .malformed: return false
        }
    }
}
