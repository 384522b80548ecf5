import Foundation

/// The `--speed` factor: how much faster than the wall clock the infusion physics runs (60 = an hour in a minute).
///
/// Kept as an exact fraction of integers (1.5 = 15/10) so simulated time is wall time × factor without binary
/// floating point, and a long run does not drift.
public struct ClockFactor: Sendable, Hashable, CustomStringConvertible {
    /// The largest factor: an hour in a second. Beyond it a 1-second simulated step would be shorter than the
    /// executable's tick, and scenario times would lose their meaning.
    public static let maximum: Decimal = 3600
    /// The smallest factor: a tenth of real time.
    public static let minimum: Decimal = Decimal(sign: .plus, exponent: -1, significand: 1)
    /// What `--speed` accepts, for error messages.
    public static let rule = "a number from 0.1 to 3600 with at most 3 decimals (1 = real time, 60 = an hour in a minute)"

    /// The factor as written.
    public let value: Decimal
    private let numerator: Int64
    private let denominator: Int64

    /// Parses `--speed` text, or nil when it is not a plain decimal within the limits.
    public init?(text: String) {
        guard let value = SimulatorNumber.decimal(text, maximumFractionDigits: 3), value >= Self.minimum,
            value <= Self.maximum
        else { return nil }
        self.value = value
        numerator = Int64(truncating: NSDecimalNumber(decimal: value * 1000))
        denominator = 1000
    }

    /// Simulated nanoseconds after `wallNanoseconds` of wall time (rounded down, saturating).
    public func simulatedNanoseconds(forWall wallNanoseconds: Int64) -> Int64 {
        let wall = max(0, wallNanoseconds)
        // wall × n / d = (wall / d) × n + (wall % d) × n / d, exactly, without a wider integer.
        let (whole, overflow) = (wall / denominator).multipliedReportingOverflow(by: numerator)
        let (sum, overflow2) = whole.addingReportingOverflow(wall % denominator * numerator / denominator)
        return overflow || overflow2 ? .max : sum
    }

    /// The instant at `wallNanoseconds` since the start.
    public func instant(atWall wallNanoseconds: Int64) -> SimulationInstant {
        SimulationInstant(wallNanoseconds: wallNanoseconds, simulatedNanoseconds: simulatedNanoseconds(forWall: wallNanoseconds))
    }

    /// The factor as written, e.g. `60`.
    public var description: String { SimulatorNumber.plain(value) }
}
