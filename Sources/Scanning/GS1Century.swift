/// The GS1 rule for the century of a two-digit year (GS1 General Specifications 7.12, "Determination of century
/// in dates").
///
/// With YY the scanned year and CC/YY' the reference year: if YY - YY' is 51 to 99 the year is in the previous
/// century; if it is -99 to -50, the next century; otherwise the reference year's century. So a date up to 49 years
/// ahead or 50 years back is read in the nearest sense. The reference year is an argument: nothing here reads a clock.
public enum GS1Century {
    /// The four-digit year meant by `twoDigitYear` (0-99) when read in `referenceYear`.
    public static func year(forTwoDigitYear twoDigitYear: Int, referenceYear: Int) -> Int {
        let referenceCentury = referenceYear / 100
        let difference = twoDigitYear - referenceYear % 100
        let century: Int
        switch difference {
        case 51...99: century = referenceCentury - 1
        case -99 ... -50: century = referenceCentury + 1
        default: century = referenceCentury
        }
        return century * 100 + twoDigitYear
    }
}
