/// The state of one parse of a scan: the scalars, the read position and what has been found so far.
///
/// Kept separate from `GS1ElementString` so the value type stays a plain record and this holds the mechanics.
struct GS1ElementStringParser {
    private let scalars: [Unicode.Scalar]
    private let referenceYear: Int
    private var index = 0
    private var symbologyIdentifier: String?
    private var seen: Set<ApplicationIdentifier> = []
    private var gtin: GTIN?
    private var expiry: ExpiryDate?
    private var batchLot: String?
    private var serial: String?

    private static let separator = GS1ElementString.groupSeparator

    /// Bounds the input before copying it: at most `maximumLength + 1` scalars are ever looked at.
    init(_ text: String, referenceYear: Int) throws(GS1ParseError) {
        let limit = GS1ElementString.maximumLength
        let head = Array(text.unicodeScalars.prefix(limit + 1))
        if head.count > limit { throw .tooLong(limit: limit) }
        scalars = head
        self.referenceYear = referenceYear
    }

    mutating func parse() throws(GS1ParseError) -> GS1ElementString {
        if scalars.isEmpty { throw .empty }
        if scalars[0] == "(" {
            try parseBracketed()
        } else {
            try readPrefix()
            if index == scalars.count { throw .empty }
            try parseScannerData()
        }
        return GS1ElementString(
            gtin: gtin,
            expiry: expiry,
            batchLot: batchLot,
            serial: serial,
            symbologyIdentifier: symbologyIdentifier,
            wasBracketed: scalars[0] == "("
        )
    }

    // MARK: Scanner data: ]d2 <GS> 01nnnnnnnnnnnnnn 17yymmdd 10lot <GS> 21serial

    /// The optional symbology identifier and the optional leading FNC1 (GS).
    private mutating func readPrefix() throws(GS1ParseError) {
        if scalars[0] == "]" {
            let identifier = String(String.UnicodeScalarView(scalars.prefix(3)))
            guard scalars.count >= 3, GS1ElementString.acceptedSymbologyIdentifiers.contains(identifier) else {
                throw .unsupportedSymbology(ScalarText.quote(scalars.prefix(3)))
            }
            symbologyIdentifier = identifier
            index = 3
        }
        if index < scalars.count, scalars[index] == Self.separator { index += 1 }
    }

    private mutating func parseScannerData() throws(GS1ParseError) {
        while index < scalars.count {
            let aiStart = index
            let identifier = try readTwoDigitIdentifier()
            try markSeen(identifier, at: aiStart)
            let valueStart = index
            if let length = identifier.fixedLength {
                while index < scalars.count, index - valueStart < length, scalars[index] != Self.separator { index += 1 }
                let value = scalars[valueStart..<index]
                if value.count < length {
                    throw .wrongLength(identifier, value: ScalarText.quote(value), found: value.count, expected: length)
                }
                try store(identifier, value)
                // GS after a predefined-length field is redundant but harmless; some encoders write it.
                if index < scalars.count, scalars[index] == Self.separator { index += 1 }
            } else {
                while index < scalars.count, scalars[index] != Self.separator { index += 1 }
                try store(identifier, scalars[valueStart..<index])
                if index < scalars.count { index += 1 }  // the GS that ended the field
            }
        }
    }

    /// Reads two digits naming an AI; refuses non-digits and AIs outside the accepted four.
    private mutating func readTwoDigitIdentifier() throws(GS1ParseError) -> ApplicationIdentifier {
        let position = index + 1
        let digits = scalars[index..<min(index + 2, scalars.count)]
        if let bad = digits.first(where: { !Self.isDigit($0) }) {
            throw .expectedApplicationIdentifier(position: position, found: ScalarText.describe(bad))
        }
        guard digits.count == 2 else {
            throw .expectedApplicationIdentifier(position: position, found: "the end of the scan after \(ScalarText.quote(digits))")
        }
        let text = String(String.UnicodeScalarView(digits))
        guard let identifier = ApplicationIdentifier(rawValue: text) else {
            throw .unknownApplicationIdentifier(digits: text, position: position, complete: false)
        }
        index += 2
        return identifier
    }

    // MARK: Bracketed form: (01)09506000134352(17)261231(10)AB12(21)X

    private mutating func parseBracketed() throws(GS1ParseError) {
        while index < scalars.count {
            let open = index
            guard scalars[open] == "(" else {
                throw .expectedApplicationIdentifier(position: open + 1, found: ScalarText.describe(scalars[open]))
            }
            var close = open + 1
            while close < scalars.count, close - open < 5, scalars[close] != ")" { close += 1 }
            guard close < scalars.count, scalars[close] == ")" else { throw .unclosedBracket(position: open + 1) }
            let digits = scalars[(open + 1)..<close]
            if let bad = digits.first(where: { !Self.isDigit($0) }) {
                throw .expectedApplicationIdentifier(position: open + 2, found: ScalarText.describe(bad))
            }
            guard digits.count >= 2 else {
                throw .expectedApplicationIdentifier(position: open + 2, found: "(\(String(String.UnicodeScalarView(digits))))")
            }
            let text = String(String.UnicodeScalarView(digits))
            guard let identifier = ApplicationIdentifier(rawValue: text) else {
                throw .unknownApplicationIdentifier(digits: text, position: open + 1, complete: true)
            }
            try markSeen(identifier, at: open)
            let valueStart = close + 1
            index = valueStart
            while index < scalars.count, scalars[index] != "(" { index += 1 }
            let value = scalars[valueStart..<index]
            if let length = identifier.fixedLength, value.count != length {
                throw .wrongLength(identifier, value: ScalarText.quote(value), found: value.count, expected: length)
            }
            try store(identifier, value)
        }
    }

    // MARK: Values

    private mutating func markSeen(_ identifier: ApplicationIdentifier, at start: Int) throws(GS1ParseError) {
        guard seen.insert(identifier).inserted else {
            throw .duplicateApplicationIdentifier(identifier, position: start + 1)
        }
    }

    /// Validates one AI's data and keeps it.
    private mutating func store(
        _ identifier: ApplicationIdentifier,
        _ value: ArraySlice<Unicode.Scalar>
    ) throws(GS1ParseError) {
        switch identifier {
        case .gtin, .expiry:
            guard value.allSatisfy(Self.isDigit) else {
                throw .notDigits(identifier, value: ScalarText.quote(value))
            }
            let text = String(String.UnicodeScalarView(value))
            if identifier == .gtin {
                do {
                    gtin = try GTIN(validating: text)
                } catch {
                    throw .invalidGTIN(value: text, problem: error)
                }
            } else {
                guard let date = ExpiryDate.resolve(yymmdd: text, referenceYear: referenceYear) else {
                    throw .invalidDate(value: text)
                }
                expiry = date
            }
        case .batchLot, .serial:
            if value.isEmpty { throw .emptyValue(identifier) }
            // Slices share the array's indices, so the index is the position in the whole scan.
            if let offset = value.firstIndex(where: { !GS1CharacterSet82.contains($0) }) {
                throw .invalidCharacter(identifier, character: ScalarText.describe(value[offset]), position: offset + 1)
            }
            if value.count > identifier.maximumLength {
                throw .valueTooLong(identifier, length: value.count, limit: identifier.maximumLength)
            }
            let text = String(String.UnicodeScalarView(value))
            if identifier == .batchLot { batchLot = text } else { serial = text }
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }
}
