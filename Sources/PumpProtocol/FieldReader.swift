import Foundation

/// Reads the fields of one frame for a typed decoder, in the order of checks of docs/protocol.md §7.1: unknown keys
/// (commands only), then missing keys, then each value in document order.
struct FieldReader {
    private let values: [PayloadKey: String]

    /// `strict` refuses keys outside `accepted` (commands); replies and events ignore them (minor versions).
    init(_ frame: Frame, accepted: [PayloadKey], required: [PayloadKey], strict: Bool) throws(MessageError) {
        if strict, let unknown = frame.fields.first(where: { !accepted.contains($0.key) }) {
            throw .unknownField(unknown.key)
        }
        var values: [PayloadKey: String] = [:]
        for field in frame.fields where values[field.key] == nil {
            values[field.key] = field.value
        }
        for key in required where values[key] == nil {
            throw .missingField(key)
        }
        self.values = values
    }

    func optionalText(_ key: PayloadKey) -> String? {
        values[key]
    }

    func text(_ key: PayloadKey) throws(MessageError) -> String {
        guard let text = values[key] else { throw .missingField(key) }
        return text
    }

    /// A decimal parsed by the wire rule, then checked by `check` (range, and anything field-specific).
    func decimal(_ key: PayloadKey, maximumFractionDigits: Int, check: (Decimal) -> ValueProblem?)
        throws(MessageError) -> Decimal
    {
        let value: Decimal
        switch WireNumber.parseDecimal(try text(key), maximumFractionDigits: maximumFractionDigits) {
        case .failure(let problem): throw .badValue(FieldValueError(field: key, problem: problem))
        case .success(let parsed): value = parsed
        }
        if let problem = check(value) { throw .badValue(FieldValueError(field: key, problem: problem)) }
        return value
    }

    /// A whole number parsed by the wire rule and checked against `range`.
    func integer(_ key: PayloadKey, in range: ClosedRange<Int>) throws(MessageError) -> Int {
        try integer(key, text: try text(key), in: range)
    }

    func integer(_ key: PayloadKey, text: String, in range: ClosedRange<Int>) throws(MessageError) -> Int {
        switch WireNumber.parseInteger(text) {
        case .failure(let problem):
            throw .badValue(FieldValueError(field: key, problem: problem))
        case .success(let value):
            guard range.contains(value) else { throw .badValue(FieldValueError(field: key, problem: .range)) }
            return value
        }
    }

    /// A value parsed by `parse`, whose nil means a syntax problem.
    func parsed<T>(_ key: PayloadKey, _ parse: (String) -> T?) throws(MessageError) -> T {
        guard let value = parse(try text(key)) else {
            throw .badValue(FieldValueError(field: key, problem: .syntax))
        }
        return value
    }

    /// A text checked by `check` (length, then characters).
    func checkedText(_ key: PayloadKey, check: (String) -> ValueProblem?) throws(MessageError) -> String {
        let value = try text(key)
        if let problem = check(value) { throw .badValue(FieldValueError(field: key, problem: problem)) }
        return value
    }
}
