/// What an intact journal looks like: how many entries, and the hash that seals them all.
public struct JournalIntegrity: Sendable, Equatable, CustomStringConvertible {
    /// Number of entries (also the last sequence number).
    public let entryCount: Int64
    /// Hash of the last entry (`JournalCanonicalEncoding.genesisHash` for an empty journal). Recording it elsewhere
    /// (a printed report, another system) later proves nothing before it was changed.
    public let headHash: String
    /// The sequence number the head anchor file vouches for. It is `entryCount` except just after a crash between
    /// a commit and the anchor update; the entries after it are intact and chained, and the next writer to open the
    /// journal moves the anchor up to them.
    public let anchoredSequenceNumber: Int64

    /// Creates a report.
    public init(entryCount: Int64, headHash: String, anchoredSequenceNumber: Int64) {
        self.entryCount = entryCount
        self.headHash = headHash
        self.anchoredSequenceNumber = anchoredSequenceNumber
    }

    /// `intact: N entries, head hash H`.
    public var description: String {
        var text = "intact: \(entryCount) entries, head hash \(headHash)"
        if anchoredSequenceNumber < entryCount {
            text += " (the head anchor vouches for \(anchoredSequenceNumber); entries after it were committed just "
                + "before an interruption and are intact)"
        }
        return text
    }
}
