/// A moment of the simulation on its two clocks, both counted from the simulator's start.
///
/// The infusion physics (volume, battery, scenario `at:` times) follow the *simulated* clock, which the executable
/// runs faster than real time (`--speed`); the communication watchdog and every line timing follow the *wall*
/// clock, which is never accelerated (docs/protocol.md §10.5, §12). The model never reads a clock: every call that
/// moves it carries one of these, so tests drive it with any times they like.
public struct SimulationInstant: Sendable, Hashable, CustomStringConvertible {
    /// Wall-clock nanoseconds since the simulator started.
    public let wallNanoseconds: Int64
    /// Simulated nanoseconds since the simulator started.
    public let simulatedNanoseconds: Int64

    /// Creates an instant from nanosecond counts (negative values are taken as 0).
    public init(wallNanoseconds: Int64, simulatedNanoseconds: Int64) {
        self.wallNanoseconds = max(0, wallNanoseconds)
        self.simulatedNanoseconds = max(0, simulatedNanoseconds)
    }

    /// Creates an instant from durations since the start.
    public init(wall: Duration, simulated: Duration) {
        self.init(wallNanoseconds: wall.nanosecondsClamped, simulatedNanoseconds: simulated.nanosecondsClamped)
    }

    /// The simulator's start.
    public static let start = SimulationInstant(wallNanoseconds: 0, simulatedNanoseconds: 0)

    /// Wall time since the start.
    public var wall: Duration { .nanoseconds(wallNanoseconds) }
    /// Simulated time since the start.
    public var simulated: Duration { .nanoseconds(simulatedNanoseconds) }

    /// The same instant moved by the given amounts on each clock.
    public func advanced(wall: Duration = .zero, simulated: Duration = .zero) -> SimulationInstant {
        SimulationInstant(
            wallNanoseconds: Self.saturatingAdd(wallNanoseconds, wall.nanosecondsClamped),
            simulatedNanoseconds: Self.saturatingAdd(simulatedNanoseconds, simulated.nanosecondsClamped))
    }

    /// The instant `numerator/denominator` of the way from `self` to `end` on both clocks (linear: within one step
    /// the clock factor is constant). Exact integer arithmetic, rounded down.
    func interpolated(toward end: SimulationInstant, numerator: Int64, denominator: Int64) -> SimulationInstant {
        guard denominator > 0, numerator < denominator else { return end }
        func along(_ from: Int64, _ to: Int64) -> Int64 {
            let span = max(0, to - from)
            let product = span.multipliedFullWidth(by: max(0, numerator))
            let (quotient, _) = denominator.dividingFullWidth(product)
            return from + quotient
        }
        return SimulationInstant(
            wallNanoseconds: along(wallNanoseconds, end.wallNanoseconds),
            simulatedNanoseconds: along(simulatedNanoseconds, end.simulatedNanoseconds))
    }

    static func saturatingAdd(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? (rhs > 0 ? .max : .min) : sum
    }

    /// `wall=12.5s sim=750s`, for diagnostics.
    public var description: String {
        "wall=\(SimulatorNumber.secondsText(wall))s sim=\(SimulatorNumber.secondsText(simulated))s"
    }
}
