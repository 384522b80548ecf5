import Foundation

/// Pump behaviour that the document fixes as numbers (docs/protocol.md §9, §10), shared so the simulator and any
/// client compute the same values.
public enum PumpBehavior {
    /// Keep-vein-open rate after completion, mL/h, unless the program rate is lower.
    public static let kvoRateMlPerHour: Decimal = 1

    /// Time remaining at or below which the reference pump raises the advisory `nearend` alarm, s.
    public static let nearEndSeconds = 300

    /// The KVO rate for a program: 1 mL/h, or the program rate if that is lower.
    public static func kvoRate(programRateMlPerHour: Decimal) -> Decimal {
        min(kvoRateMlPerHour, programRateMlPerHour)
    }

    /// ⌈(vtbi − vi) × 3600 / rate⌉ in whole seconds (status field `rem`); 0 when nothing remains or no rate.
    public static func timeRemainingSeconds(vtbiMl: Decimal, volumeInfusedMl: Decimal, rateMlPerHour: Decimal) -> Int {
        guard rateMlPerHour > 0, volumeInfusedMl < vtbiMl else { return 0 }
        var seconds = (vtbiMl - volumeInfusedMl) * 3600 / rateMlPerHour
        var roundedUp = Decimal()
        NSDecimalRound(&roundedUp, &seconds, 0, .up)
        let whole = NSDecimalNumber(decimal: roundedUp).intValue
        return min(max(whole, PumpLimits.timeRemainingSeconds.lowerBound), PumpLimits.timeRemainingSeconds.upperBound)
    }

    /// A volume truncated (toward zero) to the 0.001 mL reported in a status, so a report never overstates what
    /// was delivered. A negative input (never a real volume) gives 0.
    public static func truncatedVolumeMl(_ volumeMl: Decimal) -> Decimal {
        guard volumeMl > 0 else { return 0 }
        var input = volumeMl
        var truncated = Decimal()
        NSDecimalRound(&truncated, &input, PumpLimits.volumeFractionDigits, .down)
        return truncated
    }
}
