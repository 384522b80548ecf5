import Foundation

/// Why an order could not be evaluated: the input itself is wrong, so no clinical decision is made (exit code 2).
///
/// Each message is one line naming the option and what it accepts, so the person at the keyboard can correct it.
public enum PreparationInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A required option is absent.
    case missing(InputOption, accepted: String)
    /// The text is not a plain decimal number.
    case notANumber(InputOption, text: String, accepted: String)
    /// The number is outside the accepted range.
    case outOfRange(InputOption, value: Decimal, accepted: String)
    /// The word is not one of the accepted values.
    case notOneOf(InputOption, text: String, accepted: [String])
    /// The time is not ISO 8601 with a zone.
    case badTime(InputOption, text: String)
    /// Two options cannot be used together, or neither of a required pair was given.
    case conflict(InputOption, InputOption, why: String)
    /// The option does not apply to this order.
    case notApplicable(InputOption, why: String)
    /// Times are in an impossible order.
    case timeOrder(InputOption, why: String)

    /// The option the error is about.
    public var option: InputOption {
        switch self {
        case .missing(let option, _), .notANumber(let option, _, _), .outOfRange(let option, _, _),
             .notOneOf(let option, _, _), .badTime(let option, _), .conflict(let option, _, _),
             .notApplicable(let option, _), .timeOrder(let option, _):
            option
        }
    }

    /// One line for stderr.
    public var description: String {
        switch self {
        case .missing(let option, let accepted):
            "\(option.rawValue) is required (\(accepted))"
        case .notANumber(let option, let text, let accepted):
            "\(option.rawValue) must be a number \(accepted); got '\(Self.printable(text))'"
        case .outOfRange(let option, let value, let accepted):
            "\(option.rawValue) must be \(accepted); got \(value)"
        case .notOneOf(let option, let text, let accepted):
            "\(option.rawValue) must be one of \(accepted.joined(separator: ", ")); got '\(Self.printable(text))'"
        case .badTime(let option, let text):
            "\(option.rawValue) must be an ISO 8601 time with a zone, such as 2026-11-26T08:00:00Z; got '\(Self.printable(text))'"
        case .conflict(let option, let other, let why):
            "\(option.rawValue) and \(other.rawValue): \(why)"
        case .notApplicable(let option, let why):
            "\(option.rawValue) \(why)"
        case .timeOrder(let option, let why):
            "\(option.rawValue) \(why)"
        }
    }

    /// The user's text, shortened and with control characters made visible, so an error stays one safe line.
    private static func printable(_ text: String) -> String {
        let visible = text.unicodeScalars.map { scalar -> String in
            scalar.properties.generalCategory == .control ? "?" : String(scalar)
        }.joined()
        return visible.count > 40 ? String(visible.prefix(40)) + "..." : visible
    }
}
