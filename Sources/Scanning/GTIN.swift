/// A Global Trade Item Number in its 14-digit form, whose GS1 mod-10 check digit has been verified.
///
/// A GTIN identifies the pack (strength, volume, pack size); the site product list maps it to what the pack holds.
/// Only a value that passed the check digit can exist, so a mistyped or misread number can never look up a product.
public struct GTIN: Hashable, Sendable, CustomStringConvertible {
    /// The 14 digits, as printed under the barcode after (01).
    public let digits: String

    /// Validates `text` as a GTIN-14: exactly 14 ASCII digits whose last digit is the GS1 mod-10 check digit.
    ///
    /// GTIN-8/12/13 are not padded silently: the product list and the scanner both carry the 14-digit form, and
    /// guessing padding would hide a truncated value.
    public init(validating text: String) throws(GTINProblem) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 14 else { throw .wrongLength(found: scalars.count) }
        var values: [Int] = []
        for scalar in scalars {
            guard let value = GTIN.digitValue(scalar) else { throw .notDigits }
            values.append(value)
        }
        let expected = GTIN.checkDigit(of: values.dropLast())
        guard let found = values.last, found == expected else {
            throw .checkDigit(found: values.last ?? 0, expected: expected)
        }
        digits = text
    }

    /// The 14 digits.
    public var description: String { digits }

    /// The GS1 mod-10 check digit of `body` (the digits before the check digit).
    ///
    /// From the right, digits are weighted 3, 1, 3, 1, ...; the check digit brings the sum up to a multiple of 10.
    static func checkDigit(of body: some BidirectionalCollection<Int>) -> Int {
        var sum = 0
        for (offset, digit) in body.reversed().enumerated() {
            sum += digit * (offset.isMultiple(of: 2) ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        guard ("0"..."9").contains(scalar) else { return nil }
        return Int(scalar.value) - 48
    }
}
