import Foundation

/// One recorded entry, exactly as stored: its place in the journal, its fields and its link in the hash chain.
///
/// Entries are values; the journal offers no way to change or remove one once written.
public struct JournalEntry: Sendable, Equatable {
    /// Position in the journal: 1, 2, 3... with no gaps.
    public let sequenceNumber: Int64
    /// When it happened (UTC, milliseconds), as the caller gave it.
    public let time: JournalTimestamp
    /// Who did it: a person's id, `system` or `controller`.
    public let actor: String
    /// The preparation it concerns, if any.
    public let preparationId: String?
    /// What happened, as a short code.
    public let event: String
    /// The details.
    public let data: [String: JournalValue]
    /// `hash` of the previous entry (`JournalCanonicalEncoding.genesisHash` for entry 1).
    public let previousHash: String
    /// SHA-256 of this entry's canonical record (see `JournalCanonicalEncoding`).
    public let hash: String

    /// `data` as canonical JSON text: what is stored and hashed.
    public let dataJSON: String

    /// Assembles an entry from its fields (for example to format an export of entries held elsewhere); fails only
    /// when `data` holds a value with no canonical text (a NaN number). It does not check `hash`: see
    /// `hashMatchesContent`.
    public init(
        sequenceNumber: Int64,
        time: JournalTimestamp,
        actor: String,
        preparationId: String?,
        event: String,
        data: [String: JournalValue],
        previousHash: String,
        hash: String
    ) throws(CanonicalJSON.EncodingError) {
        self.init(
            sequenceNumber: sequenceNumber, time: time, actor: actor, preparationId: preparationId, event: event,
            data: data, dataJSON: try CanonicalJSON.encode(object: data), previousHash: previousHash, hash: hash)
    }

    /// The journal's own initialiser: `dataJSON` is already known to be the canonical text of `data`.
    init(
        sequenceNumber: Int64,
        time: JournalTimestamp,
        actor: String,
        preparationId: String?,
        event: String,
        data: [String: JournalValue],
        dataJSON: String,
        previousHash: String,
        hash: String
    ) {
        self.sequenceNumber = sequenceNumber
        self.time = time
        self.actor = actor
        self.preparationId = preparationId
        self.event = event
        self.data = data
        self.dataJSON = dataJSON
        self.previousHash = previousHash
        self.hash = hash
    }

    /// True when `hash` is the SHA-256 of this entry's fields (it says nothing about the link to the previous entry).
    public var hashMatchesContent: Bool {
        hash == JournalCanonicalEncoding.hash(
            sequenceNumber: sequenceNumber, time: time.iso8601, actor: actor, preparationId: preparationId,
            event: event, dataJSON: dataJSON, previousHash: previousHash)
    }
}
