/// The receiver of docs/protocol.md §4: fed arbitrary chunks of a byte stream, it yields frames and errors.
///
/// It hunts for `$`, collects up to LF, and checks the candidate. Any `$` restarts it, so garbage never hides a
/// following frame; a candidate never exceeds `WireFormat.maximumFrameLength` bytes, so hostile input cannot make
/// it grow. It reads no clock: the owner of the line calls `abandonPartialFrame()` when the inter-byte timeout
/// (`ProtocolTiming.interByteTimeout`) passes without a byte.
public struct FrameDecoder: Sendable {
    /// One result of feeding bytes: a valid frame, or why a candidate was not one.
    public enum Output: Sendable, Hashable {
        /// A valid frame (all checks of §4.2 passed).
        case frame(Frame)
        /// A candidate that failed; nothing in it may be executed.
        case error(FrameDecodeError)
    }

    private var candidate: [UInt8] = []
    private var inFrame = false

    /// Bytes that did not become part of a valid frame (noise, abandoned or refused candidates); saturates at
    /// `Int.max`. A rising count on a quiet line points at wiring, baud rate or a second talker.
    public private(set) var discardedByteCount = 0

    /// Creates a decoder in hunting mode.
    public init() {
        candidate.reserveCapacity(WireFormat.maximumFrameLength)
    }

    /// Bytes of the partial frame being collected; never more than `WireFormat.maximumFrameLength`.
    public var bufferedByteCount: Int { candidate.count }

    /// True while a partial frame is being collected (the owner then watches the inter-byte timeout).
    public var hasPartialFrame: Bool { inFrame }

    /// Feeds the next bytes of the stream, in any chunking, and returns what completed, in stream order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Output] {
        var outputs: [Output] = []
        for byte in bytes {
            if byte == WireFormat.startByte {
                if inFrame {
                    outputs.append(.error(.incomplete(byteCount: candidate.count)))
                    discard(candidate.count)
                }
                candidate.removeAll(keepingCapacity: true)
                candidate.append(byte)
                inFrame = true
                continue
            }
            guard inFrame else {
                discard(1)
                continue
            }
            candidate.append(byte)
            if byte == WireFormat.lineFeed {
                let output = FrameChecker.check(candidate)
                if case .error = output { discard(candidate.count) }
                outputs.append(output)
                endCandidate()
            } else if candidate.count >= WireFormat.maximumFrameLength {
                outputs.append(.error(.tooLong))
                discard(candidate.count)
                endCandidate()
            }
        }
        return outputs
    }

    /// Abandons the partial frame, if any, and returns to hunting: call it when the inter-byte timeout expires.
    /// Returns the `incomplete` error to log, or nil if no frame was in progress.
    public mutating func abandonPartialFrame() -> FrameDecodeError? {
        guard inFrame else { return nil }
        let error = FrameDecodeError.incomplete(byteCount: candidate.count)
        discard(candidate.count)
        endCandidate()
        return error
    }

    private mutating func endCandidate() {
        candidate.removeAll(keepingCapacity: true)
        inFrame = false
    }

    private mutating func discard(_ count: Int) {
        let (sum, overflow) = discardedByteCount.addingReportingOverflow(count)
        discardedByteCount = overflow ? Int.max : sum
    }
}
