import Crypto
import Foundation

/// The documented byte encoding of an entry that its SHA-256 is computed over, and the hash chain's fixed start.
///
/// An entry's hash is `SHA-256(UTF-8 bytes of record)`, written as 64 lower-case hex digits, where `record` is the
/// canonical JSON object (see `CanonicalJSON`) of every field except the hash itself, keys in UTF-16 order:
///
///     {"actor":A,"data":D,"event":E,"preparationId":P,"prevHash":H,"seq":N,"time":T}
///
/// - `A`, `E`: JSON strings; `P`: a JSON string, or `null` when the entry belongs to no preparation;
/// - `D`: the entry's `data` object, exactly as stored (it is already canonical text);
/// - `H`: the previous entry's hash, or `genesisHash` for entry 1;
/// - `N`: the sequence number as a plain integer; `T`: the time as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
///
/// Because `prevHash` is inside the record, changing any earlier entry changes every later hash (a hash chain). An
/// auditor can recompute any hash from an exported JSON Lines object: drop `hash`, write the rest canonically, SHA-256.
/// Pure: no I/O.
public enum JournalCanonicalEncoding {
    /// The `prevHash` of entry 1: 64 zeros, a value no SHA-256 of a real record is expected to take.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The canonical record text of an entry's fields (the bytes that are hashed).
    public static func record(
        sequenceNumber: Int64,
        time: String,
        actor: String,
        preparationId: String?,
        event: String,
        dataJSON: String,
        previousHash: String
    ) -> String {
        "{\"actor\":" + CanonicalJSON.quote(actor)
            + ",\"data\":" + dataJSON
            + ",\"event\":" + CanonicalJSON.quote(event)
            + ",\"preparationId\":" + (preparationId.map(CanonicalJSON.quote) ?? "null")
            + ",\"prevHash\":" + CanonicalJSON.quote(previousHash)
            + ",\"seq\":" + String(sequenceNumber)
            + ",\"time\":" + CanonicalJSON.quote(time)
            + "}"
    }

    /// SHA-256 of `record`'s UTF-8 bytes, as 64 lower-case hex digits.
    public static func sha256Hex(_ record: String) -> String {
        let digest = SHA256.hash(data: Data(record.utf8))
        var hex = ""
        hex.reserveCapacity(64)
        for byte in digest {
            let digits = String(byte, radix: 16)
            if digits.count == 1 { hex += "0" }
            hex += digits
        }
        return hex
    }

    /// The hash an entry with these fields must carry.
    public static func hash(
        sequenceNumber: Int64,
        time: String,
        actor: String,
        preparationId: String?,
        event: String,
        dataJSON: String,
        previousHash: String
    ) -> String {
        sha256Hex(record(
            sequenceNumber: sequenceNumber, time: time, actor: actor, preparationId: preparationId,
            event: event, dataJSON: dataJSON, previousHash: previousHash))
    }

    /// True when `text` looks like a hash: exactly 64 lower-case hex digits.
    public static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
