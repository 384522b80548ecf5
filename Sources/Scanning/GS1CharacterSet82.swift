/// GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1): the only characters allowed in
/// alphanumeric AIs such as (10) batch/lot and (21) serial.
///
/// Checked character by character so that a scanner misconfigured for another keyboard layout, a stray control
/// character or a typed accent is refused at the bench instead of being written into the traceability record.
public enum GS1CharacterSet82 {
    /// The 20 punctuation characters of set 82; the other 62 are the digits and the unaccented Latin letters.
    private static let punctuation: Set<Unicode.Scalar> = [
        "!", "\"", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=", ">", "?", "_",
    ]

    /// True when `scalar` is one of the 82 characters.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "A"..."Z", "a"..."z": return true
        default: return punctuation.contains(scalar)
        }
    }
}
