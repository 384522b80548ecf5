/// Encodes and parses the `key=value;key=value` payload with its `%HH` escapes (docs/protocol.md §3.1).
///
/// Escaping is canonical in both directions: the encoder escapes exactly the bytes that are not `vchar`, and the
/// parser refuses any other escape, so equal content always means equal bytes (what the reply cache compares).
enum PayloadCodec {
    static let fieldSeparator = UInt8(ascii: ";")
    static let keyValueSeparator = UInt8(ascii: "=")
    static let escapeIntroducer = UInt8(ascii: "%")

    /// A byte that is sent as itself inside a value: 0x21–0x7E except `$ % ; = |`.
    static func isValueByte(_ byte: UInt8) -> Bool {
        guard byte >= 0x21, byte <= 0x7E else { return false }
        switch byte {
        case WireFormat.startByte, escapeIntroducer, fieldSeparator, keyValueSeparator, WireFormat.separatorByte:
            return false
        default:
            return true
        }
    }

    /// The wire bytes of `value`.
    static func escape(_ value: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if isValueByte(byte) {
                bytes.append(byte)
            } else {
                bytes.append(escapeIntroducer)
                bytes.append(WireText.upperHexDigits[Int(byte >> 4)])
                bytes.append(WireText.upperHexDigits[Int(byte & 0xF)])
            }
        }
        return bytes
    }

    /// The wire bytes of a whole payload.
    static func encode(_ fields: [PayloadField]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(fieldSeparator) }
            bytes.append(contentsOf: field.key.rawValue.utf8)
            bytes.append(keyValueSeparator)
            bytes.append(contentsOf: escape(field.value))
        }
        return bytes
    }

    /// Parses a payload, or names the first defect.
    static func parse(_ payload: ArraySlice<UInt8>) -> Result<[PayloadField], PayloadDefect> {
        guard !payload.isEmpty else { return .success([]) }
        let base = payload.startIndex
        var fields: [PayloadField] = []
        var seen: Set<PayloadKey> = []
        var fieldStart = base
        while true {
            let fieldEnd = payload[fieldStart...].firstIndex(of: fieldSeparator) ?? payload.endIndex
            guard fieldEnd > fieldStart else { return .failure(.emptyField(offset: fieldStart - base)) }
            switch parseField(payload[fieldStart..<fieldEnd], base: base) {
            case .failure(let defect):
                return .failure(defect)
            case .success(let field):
                guard seen.insert(field.key).inserted else { return .failure(.duplicateKey(field.key)) }
                fields.append(field)
            }
            guard fieldEnd < payload.endIndex else { return .success(fields) }
            fieldStart = fieldEnd + 1
            if fieldStart == payload.endIndex { return .failure(.emptyField(offset: fieldStart - base)) }
        }
    }

    private static func parseField(_ field: ArraySlice<UInt8>, base: Int) -> Result<PayloadField, PayloadDefect> {
        if let bad = field.firstIndex(where: { !isValueByte($0) && !isSyntaxByte($0) }) {
            return .failure(.forbiddenByte(offset: bad - base, byte: field[bad]))
        }
        guard let equals = field.firstIndex(of: keyValueSeparator) else {
            return .failure(.missingEquals(offset: field.startIndex - base))
        }
        let keyBytes = field[field.startIndex..<equals]
        guard PayloadKey.isValid(keyBytes), let key = PayloadKey(String(decoding: keyBytes, as: UTF8.self)) else {
            return .failure(.invalidKey(offset: field.startIndex - base))
        }
        var value: [UInt8] = []
        var index = equals + 1
        while index < field.endIndex {
            let byte = field[index]
            if byte == escapeIntroducer {
                guard index + 2 < field.endIndex,
                    let high = WireText.upperHexValue(field[index + 1]),
                    let low = WireText.upperHexValue(field[index + 2])
                else { return .failure(.badEscape(offset: index - base)) }
                let decoded = high << 4 | low
                guard !isValueByte(decoded) else { return .failure(.needlessEscape(offset: index - base)) }
                value.append(decoded)
                index += 3
            } else if isValueByte(byte) {
                value.append(byte)
                index += 1
            } else {
                return .failure(.forbiddenByte(offset: index - base, byte: byte))
            }
        }
        guard let text = String(validating: value, as: UTF8.self) else { return .failure(.invalidUTF8(key)) }
        return .success(PayloadField(key, text))
    }

    /// `%` and `=` may appear in a field (as escape and separator); `;` never reaches here.
    private static func isSyntaxByte(_ byte: UInt8) -> Bool {
        byte == escapeIntroducer || byte == keyValueSeparator
    }
}
