/// Where a monograph value comes from: a section of the approved label, or site policy where the label is silent.
///
/// Every reason the engine gives cites one, so a pharmacist can check the engine against the label line by line.
public struct Source: Sendable, Hashable, CustomStringConvertible {
    /// Whether the value rests on the label or on site policy.
    public enum Kind: Sendable, Hashable {
        /// From the label; `section` is the bracketed section title, such as `【用法用量】`.
        case label(section: String)
        /// Site policy; the text carries a one-line rationale.
        case policy
    }

    /// Label or policy.
    public let kind: Kind
    /// The citation as written in the monograph (`label 【用法用量】 ...` or `policy: ...`).
    public let text: String

    /// Parses a citation: `label 【section】 detail` or `policy: rationale`. Returns nil when it is neither.
    public init?(citation: String) {
        if citation.hasPrefix("label ") {
            guard let open = citation.firstIndex(of: "【"),
                  let close = citation[open...].firstIndex(of: "】"),
                  citation.index(after: open) < close
            else { return nil }
            kind = .label(section: String(citation[open...close]))
        } else if citation.hasPrefix("policy:") {
            let rationale = citation.dropFirst("policy:".count).trimmingCharacters(in: .whitespaces)
            guard !rationale.isEmpty else { return nil }
            kind = .policy
        } else {
            return nil
        }
        text = citation
    }

    /// True for site policy.
    public var isPolicy: Bool { kind == .policy }

    /// The citation text.
    public var description: String { text }
}
