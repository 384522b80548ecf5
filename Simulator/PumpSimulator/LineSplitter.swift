/// Splits the control channel's byte stream into lines, with a bound on the line length so a runaway writer cannot
/// grow memory: a line longer than `maximumLineBytes` is reported as too long and skipped up to its newline.
public struct LineSplitter: Sendable {
    /// The longest control line accepted.
    public static let maximumLineBytes = 512

    /// One result of feeding bytes.
    public enum Piece: Sendable, Hashable {
        /// A complete line, without its LF (and CR), decoded as UTF-8 with invalid bytes replaced.
        case line(String)
        /// A line exceeded the maximum; its bytes were discarded.
        case tooLong
    }

    private var buffer: [UInt8] = []
    private var skipping = false

    /// An empty splitter.
    public init() {}

    /// Feeds bytes and returns the complete pieces, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Piece] {
        var pieces: [Piece] = []
        for byte in bytes {
            if byte == 0x0A {
                if skipping {
                    skipping = false
                } else {
                    if buffer.last == 0x0D { buffer.removeLast() }
                    pieces.append(.line(String(decoding: buffer, as: UTF8.self)))
                }
                buffer.removeAll(keepingCapacity: true)
                continue
            }
            guard !skipping else { continue }
            buffer.append(byte)
            if buffer.count > Self.maximumLineBytes {
                buffer.removeAll(keepingCapacity: true)
                skipping = true
                pieces.append(.tooLong)
            }
        }
        return pieces
    }

    /// At end of input: the last line if it had no LF.
    public mutating func finish() -> [Piece] {
        defer {
            buffer.removeAll()
            skipping = false
        }
        guard !skipping, !buffer.isEmpty else { return [] }
        return [.line(String(decoding: buffer, as: UTF8.self))]
    }
}
