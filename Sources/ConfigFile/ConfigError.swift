/// Why a configuration file was rejected, with enough detail for the person who edits it to fix it.
///
/// Every message names the file, the field (as a dotted path from the document root, `indications.ra.maximumDoseMg`)
/// and, when the YAML parser knows it, the line. A configuration that is only half right is never used.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file the value was read from, as the caller named it.
    public let file: String
    /// The dotted path of the offending field; empty for the document itself.
    public let field: String
    /// The 1-based line of the offending node, when known.
    public let line: Int?
    /// What is wrong, in words the editor of the file can act on.
    public let problem: String

    /// Creates an error for `field` of `file`.
    public init(file: String, field: String, line: Int?, problem: String) {
        self.file = file
        self.field = field
        self.line = line
        self.problem = problem
    }

    /// One line: `file:line: field: problem`.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        let name = field.isEmpty ? "document" : field
        return "\(location): \(name): \(problem)"
    }
}
