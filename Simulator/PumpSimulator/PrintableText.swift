/// Text quoted in an error message, made safe to print on one line: anything outside printable ASCII becomes `?`
/// and long text is cut, so a hostile control line or scenario value cannot break the one-line error contract.
public enum PrintableText {
    /// The longest quoted text, in characters.
    public static let maximumLength = 40

    /// `text` as it may appear inside an error line.
    public static func of(_ text: some StringProtocol) -> String {
        let scalars = text.unicodeScalars
        let shown = String(
            scalars.prefix(maximumLength).map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
        return scalars.count > maximumLength ? shown + "..." : shown
    }
}
