import GRDB

/// One row of the entries table exactly as stored, before anything about it is trusted.
///
/// Verification hashes the stored text itself (not a re-encoding of the decoded values), so a change of even one
/// byte in any column shows; decoding into a `JournalEntry` is a separate, second step.
struct JournalStoredRow: Sendable {
    /// A column that could not be read as the type the journal writes.
    struct FieldProblem: Error, Sendable {
        let sequenceNumber: Int64
        let field: String
        let problem: String
    }

    /// The columns, in the order `init(row:)` reads them.
    static let columns = "seq, time, actor, preparation_id, event, data, prev_hash, hash"

    let sequenceNumber: Int64
    let time: String
    let actor: String
    let preparationId: String?
    let event: String
    let dataJSON: String
    let previousHash: String
    let hash: String

    /// Reads a row selected with `columns`, requiring text where the journal writes text.
    init(row: Row) throws(FieldProblem) {
        let seqValue: DatabaseValue = row[0]
        guard case .int64(let sequenceNumber) = seqValue.storage else {
            throw FieldProblem(sequenceNumber: -1, field: "seq", problem: "is not an integer")
        }
        func text(_ index: Int, _ field: String) throws(FieldProblem) -> String {
            let value: DatabaseValue = row[index]
            guard case .string(let string) = value.storage else {
                throw FieldProblem(sequenceNumber: sequenceNumber, field: field, problem: "is not text")
            }
            return string
        }
        self.sequenceNumber = sequenceNumber
        time = try text(1, "time")
        actor = try text(2, "actor")
        let preparationValue: DatabaseValue = row[3]
        switch preparationValue.storage {
        case .null: preparationId = nil
        case .string(let string): preparationId = string
        default: throw FieldProblem(sequenceNumber: sequenceNumber, field: "preparationId", problem: "is neither text nor null")
        }
        event = try text(4, "event")
        dataJSON = try text(5, "data")
        previousHash = try text(6, "prevHash")
        hash = try text(7, "hash")
    }

    /// The hash these stored fields would carry if they had been written as entry `sequenceNumber`.
    func expectedHash(asSequenceNumber sequenceNumber: Int64) -> String {
        JournalCanonicalEncoding.hash(
            sequenceNumber: sequenceNumber, time: time, actor: actor, preparationId: preparationId, event: event,
            dataJSON: dataJSON, previousHash: previousHash)
    }

    /// Decodes the row, checking every field against what the journal writes.
    func entry() throws(FieldProblem) -> JournalEntry {
        func problem(_ field: String, _ text: String) -> FieldProblem {
            FieldProblem(sequenceNumber: sequenceNumber, field: field, problem: text)
        }
        guard let timestamp = JournalTimestamp(iso8601: time) else {
            throw problem("time", "'\(JournalFieldRules.printable(time))' is not YYYY-MM-DDTHH:MM:SS.mmmZ")
        }
        if let issue = JournalFieldRules.identifierProblem(actor) { throw problem("actor", issue) }
        if let preparationId, let issue = JournalFieldRules.identifierProblem(preparationId) {
            throw problem("preparationId", issue)
        }
        if let issue = JournalFieldRules.eventProblem(event) { throw problem("event", issue) }
        let data: [String: JournalValue]
        do {
            data = try CanonicalJSONParser.parseObject(dataJSON)
        } catch {
            throw problem("data", "is not a canonical JSON object (\(error))")
        }
        guard JournalCanonicalEncoding.isHash(previousHash) else { throw problem("prevHash", "is not 64 lower-case hex digits") }
        guard JournalCanonicalEncoding.isHash(hash) else { throw problem("hash", "is not 64 lower-case hex digits") }
        return JournalEntry(
            sequenceNumber: sequenceNumber, time: timestamp, actor: actor, preparationId: preparationId, event: event,
            data: data, dataJSON: dataJSON, previousHash: previousHash, hash: hash)
    }
}
