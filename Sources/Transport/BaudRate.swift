import Glibc

/// A line speed the termios and libserialport transports can both set: the standard rates from 1200 to 230400 baud.
///
/// Other values are refused when a profile or command line is read, not when the port is opened, so a misspelt rate
/// (`3840`) is reported with its file and line instead of as a runtime failure at the bedside.
public struct BaudRate: Sendable, Hashable, CustomStringConvertible {
    /// Bits per second.
    public let bitsPerSecond: Int

    /// Every accepted rate, ascending.
    public static let supported: [Int] = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400]

    /// 38400 baud, the pump protocol's default line speed.
    public static let protocolDefault = BaudRate(checked: 38400)

    /// The rate `bitsPerSecond`, or nil when it is not one of ``supported``.
    public init?(_ bitsPerSecond: Int) {
        guard Self.supported.contains(bitsPerSecond) else { return nil }
        self.bitsPerSecond = bitsPerSecond
    }

    private init(checked bitsPerSecond: Int) {
        self.bitsPerSecond = bitsPerSecond
    }

    /// `38400 baud`.
    public var description: String { "\(bitsPerSecond) baud" }

    /// The accepted rates as one phrase for error messages.
    public static var acceptedList: String { supported.map(String.init).joined(separator: ", ") }

    /// The termios speed constant for this rate.
    var termiosSpeed: speed_t {
        switch bitsPerSecond {
        case 1200: return speed_t(B1200)
        case 2400: return speed_t(B2400)
        case 4800: return speed_t(B4800)
        case 9600: return speed_t(B9600)
        case 19200: return speed_t(B19200)
        case 38400: return speed_t(B38400)
        case 57600: return speed_t(B57600)
        case 115200: return speed_t(B115200)
        case 230400: return speed_t(B230400)
        default: return speed_t(B38400)  // unreachable: init accepts only the rates listed above
        }
    }
}
