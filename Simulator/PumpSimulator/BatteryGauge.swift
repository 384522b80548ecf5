/// The simulated battery: drains over simulated time, faster while the motor turns.
///
/// Kept as an integer charge so it drains exactly: one percent is 3 600 000 000 000 units; the motor-running drain
/// removes 10 units per simulated nanosecond (1 % per 6 simulated minutes, 10 % per infusion hour, in line with
/// the battery life of volumetric pumps: about 10 h), the idle drain 1 unit per nanosecond (1 % per simulated hour).
/// The reported percentage is rounded up, so a fresh 87 % battery reads 87 until a whole percent has been used.
public struct BatteryGauge: Sendable, Hashable {
    /// Charge units in one percent.
    public static let unitsPerPercent: Int64 = 3_600_000_000_000
    /// Units drained per simulated nanosecond while the motor turns (program or KVO): 1 % per 6 minutes.
    public static let motorDrainPerNanosecond: Int64 = 10
    /// Units drained per simulated nanosecond while the motor is stopped: 1 % per hour.
    public static let idleDrainPerNanosecond: Int64 = 1
    /// The reference pump's `battlow` threshold: raised while the reported charge is at or below it (§10.4).
    public static let lowThresholdPercent = 20
    /// The reference pump's `battdead` threshold: raised while the reported charge is at or below it (§10.4).
    public static let depletedThresholdPercent = 5

    private var units: Int64

    /// A battery at `percent` (clamped to 0–100).
    public init(percent: Int) {
        units = Int64(min(max(percent, 0), 100)) * Self.unitsPerPercent
    }

    /// The charge in whole percent, rounded up.
    public var percent: Int {
        Int((units + Self.unitsPerPercent - 1) / Self.unitsPerPercent)
    }

    /// True while `battlow` is caused.
    var isLow: Bool { percent <= Self.lowThresholdPercent }
    /// True while `battdead` is caused.
    var isDepleted: Bool { percent <= Self.depletedThresholdPercent }

    /// Drains for `nanoseconds` of simulated time.
    mutating func drain(nanoseconds: Int64, motorRunning: Bool) {
        guard nanoseconds > 0 else { return }
        let rate = motorRunning ? Self.motorDrainPerNanosecond : Self.idleDrainPerNanosecond
        let (used, overflow) = rate.multipliedReportingOverflow(by: nanoseconds)
        units = overflow || used >= units ? 0 : units - used
    }
}
