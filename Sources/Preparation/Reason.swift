import Monograph

/// One reason behind a decision, with the label section (or site policy) it rests on.
public struct Reason: Sendable, Hashable, Encodable {
    /// Stable, machine-readable code (`LIVER_3_TO_5_ULN`).
    public let code: String
    /// How much it weighs.
    public let severity: Severity
    /// What it means for this patient, in words a pharmacist can act on.
    public let message: String
    /// The label section or policy it comes from.
    public let source: String

    /// The decision this reason asks for on its own.
    let action: RuleAction

    /// Creates a reason; severity follows from the action unless given.
    init(code: String, action: RuleAction, message: String, source: Source, severity: Severity? = nil) {
        self.code = code
        self.action = action
        self.message = message
        self.source = source.text
        self.severity = severity ?? Self.severity(for: action)
    }

    private init(code: String, action: RuleAction, message: String, sourceText: String, severity: Severity) {
        self.code = code
        self.action = action
        self.message = message
        self.source = sourceText
        self.severity = severity
    }

    /// The same reason, with the action (and its severity) and message the engine settled on.
    func adjusted(action: RuleAction, message: String) -> Reason {
        Reason(code: code, action: action, message: message, sourceText: source, severity: Self.severity(for: action))
    }

    private static func severity(for action: RuleAction) -> Severity {
        switch action {
        case .refuse, .discontinue, .hold: .block
        case .reduce, .caution: .warning
        }
    }

    private enum CodingKeys: String, CodingKey { case code, severity, message, source }

    /// Encodes `{code, severity, message, source}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encode(source, forKey: .source)
    }
}
