/// Why a scan was refused, naming the AI or the position and what was expected, in one line a pharmacist can act on.
///
/// Positions count characters of the scan as received, from 1, including any symbology identifier.
public enum GS1ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing to read (an empty scan, or only a symbology identifier and separator).
    case empty
    /// More characters than any vial code has; refused before reading so a runaway input cannot cost anything.
    case tooLong(limit: Int)
    /// A `]` symbology identifier that is not a GS1 one (`]d1` is plain DataMatrix, whose data is not GS1).
    case unsupportedSymbology(String)
    /// Where an application identifier should start, something else was found (`found` is already quoted).
    case expectedApplicationIdentifier(position: Int, found: String)
    /// An AI this module does not read; `complete` is false when only its first two digits are known (raw form).
    case unknownApplicationIdentifier(digits: String, position: Int, complete: Bool)
    /// The same AI twice: the scan is ambiguous.
    case duplicateApplicationIdentifier(ApplicationIdentifier, position: Int)
    /// A bracketed AI whose `(` is never closed.
    case unclosedBracket(position: Int)
    /// A fixed-length AI with the wrong number of characters (`value` is already quoted).
    case wrongLength(ApplicationIdentifier, value: String, found: Int, expected: Int)
    /// A numeric AI with a character other than 0-9 (`value` is already quoted).
    case notDigits(ApplicationIdentifier, value: String)
    /// AI (01) whose check digit is wrong.
    case invalidGTIN(value: String, problem: GTINProblem)
    /// AI (17) digits that are no calendar date.
    case invalidDate(value: String)
    /// A variable-length AI with no data before the separator or the end.
    case emptyValue(ApplicationIdentifier)
    /// A variable-length AI longer than its limit: usually a GS separator missing before the next AI.
    case valueTooLong(ApplicationIdentifier, length: Int, limit: Int)
    /// A character outside GS1 character set 82 in an alphanumeric AI (`character` is already described).
    case invalidCharacter(ApplicationIdentifier, character: String, position: Int)

    /// One line naming the AI or position and what is accepted.
    public var description: String {
        switch self {
        case .empty:
            return "scan is empty: expected a GS1 element string such as (01)<14-digit GTIN>(17)<YYMMDD>(10)<lot>"
        case .tooLong(let limit):
            return "scan is longer than \(limit) characters, more than any vial code holds: scan the vial's DataMatrix again"
        case .unsupportedSymbology(let identifier):
            return "symbology identifier \(identifier) is not a GS1 symbology: accepted ]d2 (GS1 DataMatrix), ]C1 (GS1-128), ]Q3 (GS1 QR Code); check the scanner's settings"
        case .expectedApplicationIdentifier(let position, let found):
            return "position \(position): expected an application identifier (two digits such as 01, or (01) when typed), found \(found)"
        case .unknownApplicationIdentifier(let digits, let position, let complete):
            let name = complete ? "(\(digits))" : "starting '\(digits)'"
            return "position \(position): application identifier \(name) is not accepted; accepted: \(ApplicationIdentifier.acceptedList)"
        case .duplicateApplicationIdentifier(let identifier, let position):
            return "\(identifier.displayName) appears twice (again at position \(position)); a scan carries each AI once"
        case .unclosedBracket(let position):
            return "position \(position): '(' opens an application identifier but no ')' closes it within 4 digits"
        case .wrongLength(let identifier, let value, let found, let expected):
            return "\(identifier.displayName): expected exactly \(expected) digits, found \(found) (\(value))"
        case .notDigits(let identifier, let value):
            return "\(identifier.displayName): expected \(identifier.maximumLength) digits 0-9, found \(value)"
        case .invalidGTIN(let value, let problem):
            return "\(ApplicationIdentifier.gtin.displayName) '\(value)': \(problem)"
        case .invalidDate(let value):
            return "\(ApplicationIdentifier.expiry.displayName): '\(value)' is not a valid YYMMDD date (day 00 means the month's last day)"
        case .emptyValue(let identifier):
            return "\(identifier.displayName): empty; expected 1 to \(identifier.maximumLength) characters"
        case .valueTooLong(let identifier, let length, let limit):
            return "\(identifier.displayName): \(length) characters, at most \(limit) allowed; is the GS separator before the next AI missing?"
        case .invalidCharacter(let identifier, let character, let position):
            return "\(identifier.displayName): character \(character) at position \(position) is not in GS1 character set 82 (A-Z a-z 0-9 ! \" % & ' ( ) * + , - . / : ; < = > ? _)"
        }
    }
}
