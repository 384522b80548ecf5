import Foundation
import Journal
import Preparation

/// Typed reading of journal data, for rebuilding preparations from their entries.
extension JournalValue {
    /// The string, if this is one.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number, if this is one.
    var decimalValue: Decimal? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The boolean, if this is one.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The array, if this is one.
    var arrayValue: [JournalValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object, if this is one.
    var objectValue: [String: JournalValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// A string or null.
    static func optional(_ string: String?) -> JournalValue {
        string.map(JournalValue.string) ?? .null
    }

    /// A number or null.
    static func optional(_ number: Decimal?) -> JournalValue {
        number.map(JournalValue.number) ?? .null
    }
}

/// Reads fields of an entry's data, failing with the entry and field named when the journal holds something else.
struct EntryReader {
    let entry: JournalEntry

    func string(_ key: String) throws(WorkflowError) -> String {
        guard let value = entry.data[key]?.stringValue else { throw malformed(key) }
        return value
    }

    func optionalString(_ key: String) -> String? {
        entry.data[key]?.stringValue
    }

    func decimal(_ key: String) throws(WorkflowError) -> Decimal {
        guard let value = entry.data[key]?.decimalValue else { throw malformed(key) }
        return value
    }

    func optionalDecimal(_ key: String) -> Decimal? {
        entry.data[key]?.decimalValue
    }

    func object(_ key: String) throws(WorkflowError) -> [String: JournalValue] {
        guard let value = entry.data[key]?.objectValue else { throw malformed(key) }
        return value
    }

    func time(_ key: String) throws(WorkflowError) -> Date {
        guard let text = entry.data[key]?.stringValue, let date = Timestamp.parse(text) else { throw malformed(key) }
        return date
    }

    func state(_ key: String) throws(WorkflowError) -> PreparationState {
        guard let text = entry.data[key]?.stringValue, let state = PreparationState(rawValue: text) else { throw malformed(key) }
        return state
    }

    func malformed(_ key: String) -> WorkflowError {
        .journalInconsistent(sequence: entry.sequenceNumber, why: "entry \(entry.event) lacks a valid '\(key)'")
    }
}
