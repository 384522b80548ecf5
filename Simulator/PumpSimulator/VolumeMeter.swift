import Foundation
import PumpProtocol

/// Delivered volume kept as an exact integer, so that integrating a rate over time never drifts.
///
/// A rate has at most one decimal place (0.1 mL/h resolution, docs/protocol.md §6.2) and time is counted in whole
/// nanoseconds, so `rate × time` is an integer number of *units* of 1/36 000 000 000 000 mL
/// (0.1 mL/h × 1 ns = 0.1 / 3 600 000 000 000 mL). Summing integers is exact however many small steps the simulator
/// takes; the mL value reported in a status is derived once, truncated to 0.001 mL as §9 requires. 9999.999 mL is
/// 3.6 × 10^17 units, well inside `Int64`.
public struct VolumeMeter: Sendable, Hashable {
    /// Units in one mL.
    public static let unitsPerMl: Int64 = 36_000_000_000_000
    /// Units in 0.001 mL, the resolution of a status.
    static let unitsPerMicrolitre: Int64 = unitsPerMl / 1000

    /// The delivered volume in units.
    public private(set) var units: Int64 = 0

    /// An empty meter.
    public init() {}

    /// The volume truncated (toward zero) to 0.001 mL: what a status reports.
    public var truncatedMl: Decimal {
        Decimal(units / Self.unitsPerMicrolitre) / 1000
    }

    /// Adds `rate × nanoseconds`, saturating at `cap` units.
    mutating func deliver(rateTenths: Int64, nanoseconds: Int64, cap: Int64) {
        guard rateTenths > 0, nanoseconds > 0, units < cap else { return }
        let (added, overflow) = rateTenths.multipliedReportingOverflow(by: nanoseconds)
        let (sum, overflow2) = units.addingReportingOverflow(added)
        units = overflow || overflow2 ? cap : min(sum, cap)
    }

    /// Nanoseconds needed at `rateTenths` to bring the meter to `target` units (rounded up); 0 if already there.
    func nanosecondsToReach(_ target: Int64, rateTenths: Int64) -> Int64 {
        guard target > units, rateTenths > 0 else { return 0 }
        let missing = target - units
        return missing / rateTenths + (missing % rateTenths == 0 ? 0 : 1)
    }

    /// `volumeMl` (at most 3 fraction digits, within the status range) as units, or nil when it is not a whole
    /// number of units (never for protocol values).
    public static func units(ofMl volumeMl: Decimal) -> Int64? {
        let scaled = volumeMl * Decimal(unitsPerMl)
        guard scaled >= 0, scaled <= Decimal(Int64.max / 2) else { return nil }
        var source = scaled
        var whole = Decimal()
        NSDecimalRound(&whole, &source, 0, .down)
        guard whole == scaled else { return nil }
        return Int64(truncating: NSDecimalNumber(decimal: whole))
    }

    /// A rate in mL/h (one decimal place) as tenths of mL/h, or nil when it has more precision.
    public static func rateTenths(ofMlPerHour rate: Decimal) -> Int64? {
        let scaled = rate * 10
        guard scaled >= 0, scaled <= 1_000_000_000 else { return nil }
        var source = scaled
        var whole = Decimal()
        NSDecimalRound(&whole, &source, 0, .down)
        guard whole == scaled else { return nil }
        return Int64(truncating: NSDecimalNumber(decimal: whole))
    }

    /// The status cap of the KVO counter, 9999.999 mL, in units.
    static let kvoCapUnits: Int64 = 9_999_999 * unitsPerMicrolitre
}
