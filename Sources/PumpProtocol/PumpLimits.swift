import Foundation

/// The pump's own limits and the value ranges of the protocol (docs/protocol.md §6.2).
///
/// These are device properties, not clinical numbers: a rate of 999 mL/h is what the mechanism can do, not what a
/// patient may receive. Clinical limits live in `Config/` and are narrower; the pump checks these on every SETP as
/// a last line of defence.
public enum PumpLimits {
    /// Programmable rate, mL/h: 0.1 to 999 (hard limit).
    public static let rateMlPerHour: ClosedRange<Decimal> = Decimal(sign: .plus, exponent: -1, significand: 1)...999
    /// Decimal places of a rate: resolution 0.1 mL/h.
    public static let rateFractionDigits = 1
    /// Programmable volume to be infused, mL: 1 to 9999 (hard limit).
    public static let vtbiMl: ClosedRange<Decimal> = 1...9999
    /// Decimal places of a VTBI: resolution 0.1 mL.
    public static let vtbiFractionDigits = 1
    /// Concentration, mg/mL: 0.0001 to 1000.
    public static let concentrationMgPerMl: ClosedRange<Decimal> =
        Decimal(sign: .plus, exponent: -4, significand: 1)...1000
    /// Decimal places of a concentration.
    public static let concentrationFractionDigits = 4
    /// Length of a drug identifier.
    public static let drugIdLength = 1...32
    /// Communication watchdog period, s: 10 to 300. The minimum stays well above the 2 s a client needs to declare a
    /// link failed, so a few lost frames never stop an infusion.
    public static let watchdogSeconds = 10...300
    /// Watchdog period when SETP omits `wdog`.
    public static let defaultWatchdogSeconds = 30
    /// Status volume infused, mL.
    public static let volumeInfusedMl: ClosedRange<Decimal> = 0...9999
    /// Status KVO volume, mL; the pump saturates at the upper bound.
    public static let kvoVolumeMl: ClosedRange<Decimal> = 0...Decimal(sign: .plus, exponent: -3, significand: 9_999_999)
    /// Decimal places of the status volumes (truncated to 0.001 mL).
    public static let volumeFractionDigits = 3
    /// Status time remaining, s.
    public static let timeRemainingSeconds = 0...999_999_999
    /// Status battery charge, %.
    public static let batteryPercent = 0...100
    /// Length of the identity texts `model` and `serial`.
    public static let identityTextLength = 1...32
    /// Length of the identity text `fw`.
    public static let firmwareTextLength = 1...16
}
