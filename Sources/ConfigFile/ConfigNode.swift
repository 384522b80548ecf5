import Foundation
import Yams

/// One node of a parsed configuration document, knowing its file, dotted path and line.
///
/// Configuration drives clinical arithmetic, so reading it is deliberately strict: numbers are read as exact
/// decimals from their text (never through binary floating point), unknown keys are refused (a misspelt key would
/// otherwise be silently ignored), duplicate keys and YAML aliases are refused, and every failure names the field.
public struct ConfigNode: Sendable {
    /// The shape of a node, independent of the YAML library so that it can cross concurrency domains.
    public enum Kind: Sendable {
        case scalar(String)
        case mapping([(key: String, value: ConfigNode)])
        case sequence([ConfigNode])
    }

    /// The file this node was read from.
    public let file: String
    /// Dotted path from the document root (`drug.vials[1].strengthMg`).
    public let path: String
    /// 1-based line in the file, when the parser reported one.
    public let line: Int?
    /// The node's content.
    public let kind: Kind

    init(file: String, path: String, line: Int?, kind: Kind) {
        self.file = file
        self.path = path
        self.line = line
        self.kind = kind
    }

    /// An error located at this node.
    public func error(_ problem: String) -> ConfigError {
        ConfigError(file: file, field: path, line: line, problem: problem)
    }

    private func childPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    // MARK: Mappings

    /// The key-value pairs of a mapping, in file order.
    public func entries() throws(ConfigError) -> [(key: String, value: ConfigNode)] {
        guard case .mapping(let pairs) = kind else { throw error("expected a mapping of named fields") }
        return pairs
    }

    /// The required field `key` of this mapping.
    public func field(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let node = try optionalField(key) else {
            throw ConfigError(file: file, field: childPath(key), line: line, problem: "is required but missing")
        }
        return node
    }

    /// The field `key` of this mapping, or nil when it is absent.
    public func optionalField(_ key: String) throws(ConfigError) -> ConfigNode? {
        try entries().first { $0.key == key }?.value
    }

    /// Refuses any field of this mapping whose name is not in `allowed`: a misspelt field must not be ignored.
    public func requireOnlyFields(_ allowed: Set<String>) throws(ConfigError) {
        for (key, node) in try entries() where !allowed.contains(key) {
            let expected = allowed.sorted().joined(separator: ", ")
            throw node.error("is not a known field here (expected one of: \(expected))")
        }
    }

    // MARK: Sequences

    /// The items of a sequence.
    public func items() throws(ConfigError) -> [ConfigNode] {
        guard case .sequence(let nodes) = kind else { throw error("expected a list") }
        return nodes
    }

    /// The items of a sequence that must not be empty.
    public func nonEmptyItems() throws(ConfigError) -> [ConfigNode] {
        let nodes = try items()
        if nodes.isEmpty { throw error("must list at least one item") }
        return nodes
    }

    // MARK: Scalars

    /// The text of a scalar, trimmed; refuses an empty value.
    public func string() throws(ConfigError) -> String {
        guard case .scalar(let text) = kind else { throw error("expected a single value") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw error("must not be empty") }
        if ["~", "null", "Null", "NULL"].contains(trimmed) { throw error("must have a value, found '\(trimmed)' (YAML null)") }
        // Values end up on bag labels, worksheets and terminals: an ANSI escape or a NUL must not ride along.
        if let control = trimmed.unicodeScalars.first(where: { $0 != "\n" && $0 != "\t" && $0.properties.generalCategory == .control }) {
            throw error("must not hold a control character (found U+\(String(control.value, radix: 16, uppercase: true)))")
        }
        return trimmed
    }

    /// An exact decimal read from the scalar's text (`20`, `0.1`, `-3.5`); exponents, NaN and infinities are refused.
    public func decimal() throws(ConfigError) -> Decimal {
        let text = try string()
        guard let value = StrictDecimal.parse(text) else {
            throw error("expected a decimal number such as 20 or 0.1, found '\(text)'")
        }
        return value
    }

    /// A decimal that must lie inside `range`.
    public func decimal(in range: ClosedRange<Decimal>) throws(ConfigError) -> Decimal {
        let value = try decimal()
        guard range.contains(value) else {
            throw error("must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
        return value
    }

    /// A whole number.
    public func int() throws(ConfigError) -> Int {
        let text = try string()
        guard let value = Int(text) else { throw error("expected a whole number, found '\(text)'") }
        return value
    }

    /// A whole number that must lie inside `range`.
    public func int(in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let value = try int()
        guard range.contains(value) else {
            throw error("must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
        return value
    }

    /// `true` or `false`, spelt exactly so.
    public func bool() throws(ConfigError) -> Bool {
        switch try string() {
        case "true": return true
        case "false": return false
        case let other: throw error("expected true or false, found '\(other)'")
        }
    }

    /// One of a fixed set of words, such as an enum's raw values.
    public func oneOf<T: RawRepresentable & CaseIterable>(_: T.Type) throws(ConfigError) -> T where T.RawValue == String {
        let text = try string()
        guard let value = T(rawValue: text) else {
            let accepted = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("expected one of \(accepted), found '\(text)'")
        }
        return value
    }

    // MARK: Building from YAML

    /// The most nodes a configuration document may hold; a YAML "billion laughs" expansion stops here.
    static let maximumNodes = 100_000

    static func build(_ node: Node, file: String, path: String) throws(ConfigError) -> ConfigNode {
        var budget = maximumNodes
        return try build(node, file: file, path: path, after: nil, budget: &budget)
    }

    /// Builds the tree, refusing aliases: the composer replaces an alias by the anchored node, which therefore sits
    /// earlier in the file than the place it is used. Every node must come after the node before it in document order.
    private static func build(
        _ node: Node, file: String, path: String, after previous: Mark?, budget: inout Int
    ) throws(ConfigError) -> ConfigNode {
        let line = node.mark?.line
        budget -= 1
        if budget < 0 {
            throw ConfigError(file: file, field: path, line: line, problem: "the document has more than \(maximumNodes) values")
        }
        if let previous, let mark = node.mark, (mark.line, mark.column) < (previous.line, previous.column) {
            throw ConfigError(file: file, field: path, line: line, problem: "YAML aliases are not accepted; write the value out")
        }
        switch node {
        case .scalar(let scalar):
            return ConfigNode(file: file, path: path, line: line, kind: .scalar(scalar.string))
        case .sequence(let sequence):
            var nodes: [ConfigNode] = []
            var position = node.mark
            for (index, item) in sequence.enumerated() {
                nodes.append(try build(item, file: file, path: "\(path)[\(index)]", after: position, budget: &budget))
                position = item.mark ?? position
            }
            return ConfigNode(file: file, path: path, line: line, kind: .sequence(nodes))
        case .mapping(let mapping):
            var pairs: [(key: String, value: ConfigNode)] = []
            var seen: Set<String> = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConfigError(file: file, field: path, line: keyNode.mark?.line, problem: "keys must be plain names")
                }
                let key = keyScalar.string
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard seen.insert(key).inserted else {
                    throw ConfigError(file: file, field: childPath, line: keyNode.mark?.line, problem: "appears twice")
                }
                pairs.append((key, try build(valueNode, file: file, path: childPath, after: keyNode.mark, budget: &budget)))
            }
            return ConfigNode(file: file, path: path, line: line, kind: .mapping(pairs))
        case .alias:
            throw ConfigError(file: file, field: path, line: line, problem: "YAML aliases are not accepted; write the value out")
        }
    }
}
