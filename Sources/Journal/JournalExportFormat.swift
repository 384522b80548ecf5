import Foundation

/// The audit export formats, and how one entry is written in each.
///
/// Both carry every stored field, so an export is enough to re-verify the chain outside this program. Pure: the
/// journal streams entries through these functions; nothing here does I/O.
public enum JournalExportFormat: String, Sendable, CaseIterable {
    /// JSON Lines: one JSON object per entry and line, fields in the order seq, time, actor, preparationId, event,
    /// data, prevHash, hash; `preparationId` is null when absent; `data` is the object itself. Each line ends in LF.
    case jsonLines
    /// CSV (RFC 4180): a header row, then one row per entry; lines end in CRLF; a field is quoted (with `"` doubled)
    /// when it holds `"`, `,`, CR or LF; `preparationId` is empty when absent; `data` is its compact JSON text.
    case csv

    /// Text written before the first entry (the CSV header row; nothing for JSON Lines).
    public var header: String {
        switch self {
        case .jsonLines: return ""
        case .csv: return "seq,time,actor,preparationId,event,data,prevHash,hash\r\n"
        }
    }

    /// One entry, line terminator included.
    public func line(for entry: JournalEntry) -> String {
        switch self {
        case .jsonLines:
            return "{\"seq\":\(entry.sequenceNumber)"
                + ",\"time\":" + CanonicalJSON.quote(entry.time.iso8601)
                + ",\"actor\":" + CanonicalJSON.quote(entry.actor)
                + ",\"preparationId\":" + (entry.preparationId.map(CanonicalJSON.quote) ?? "null")
                + ",\"event\":" + CanonicalJSON.quote(entry.event)
                + ",\"data\":" + entry.dataJSON
                + ",\"prevHash\":" + CanonicalJSON.quote(entry.previousHash)
                + ",\"hash\":" + CanonicalJSON.quote(entry.hash)
                + "}\n"
        case .csv:
            let fields = [
                String(entry.sequenceNumber), entry.time.iso8601, entry.actor, entry.preparationId ?? "", entry.event,
                entry.dataJSON, entry.previousHash, entry.hash,
            ]
            return fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        }
    }

    /// A CSV field per RFC 4180: as is, or in double quotes with inner quotes doubled when it needs quoting.
    static func csvField(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
