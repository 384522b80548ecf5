/// A pump location option that cannot be read; names the option and what it accepts.
public enum PumpLocationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `--tcp` without a `HOST:PORT` form.
    case badTCPAddress(String)
    /// `--tcp` with a port that is not a number from 1 to 65535.
    case badTCPPort(String)
    /// `--match` not of the form `VID:PID[:SERIAL]`.
    case badAdapterMatch(String)

    /// One line naming the option, the value and what is accepted.
    public var description: String {
        switch self {
        case .badTCPAddress(let text):
            return "--tcp expects HOST:PORT (an IPv6 host in brackets, e.g. [::1]:4001), found '\(text)'"
        case .badTCPPort(let text):
            return "--tcp expects a port number from 1 to 65535 after the host, found '\(text)'"
        case .badAdapterMatch(let text):
            return "--match expects VID:PID or VID:PID:SERIAL with 4-hex-digit USB ids as `infusion ports` shows them "
                + "(e.g. 0403:6001:A12345), found '\(text)'"
        }
    }
}
