import Foundation

/// How replies are dropped (control `drop N` or `drop P%`): the next N replies, or each with a probability.
public enum DropRule: Sendable, Hashable, CustomStringConvertible {
    /// Drop the next `count` replies (0 ends dropping).
    case next(Int)
    /// Drop each reply with this probability in percent (0 ends dropping), until changed.
    case probabilityPercent(Decimal)

    /// `3` or `25%`, as written on a control line.
    public var description: String {
        switch self {
        case .next(let count): return String(count)
        case .probabilityPercent(let percent): return SimulatorNumber.plain(percent) + "%"
        }
    }
}
