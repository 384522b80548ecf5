import Foundation

/// Rounding of exact decimals to a step (0.1 mL, 0.01 mg/mL), in the direction each quantity needs.
///
/// Volumes round half-up (what a syringe can measure), rates round down (so an infusion never lasts less than
/// prescribed). Written once here so every quantity rounds the same way.
public enum DecimalRounding {
    /// Rounds `value` to a multiple of `step`, halves away from zero.
    public static func halfUp(_ value: Decimal, step: Decimal) -> Decimal {
        round(value, step: step, mode: .plain)
    }

    /// Rounds `value` down to a multiple of `step`.
    public static func down(_ value: Decimal, step: Decimal) -> Decimal {
        round(value, step: step, mode: .down)
    }

    /// Rounds `value` up to a multiple of `step`.
    public static func up(_ value: Decimal, step: Decimal) -> Decimal {
        round(value, step: step, mode: .up)
    }

    private static func round(_ value: Decimal, step: Decimal, mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var quotient = value / step
        var whole = Decimal()
        NSDecimalRound(&whole, &quotient, 0, mode)
        return whole * step
    }
}

extension DecimalRounding {
    /// `value` written with as many decimals as `step` has (`28.0` for a 0.1 step, `5.60` for 0.01), for the worksheet,
    /// where a pharmacist reads the precision as part of the instruction.
    public static func text(_ value: Decimal, step: Decimal) -> String {
        let places = max(0, -step.exponent)
        var rounded = Decimal()
        var source = value
        NSDecimalRound(&rounded, &source, places, .plain)
        let plain = "\(rounded)"
        guard places > 0 else { return plain }
        let parts = plain.split(separator: ".", maxSplits: 1)
        let whole = parts.first.map(String.init) ?? plain
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return whole + "." + fraction.padding(toLength: places, withPad: "0", startingAt: 0)
    }
}
