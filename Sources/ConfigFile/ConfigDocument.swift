import Foundation
import Yams

/// A configuration file as read from disk: its root node and the exact bytes it was parsed from.
///
/// The bytes are kept so that whatever uses the file can record a digest of exactly what it used.
public struct ConfigDocument: Sendable {
    /// Larger files are refused before parsing: no legitimate configuration comes near this size.
    public static let maximumBytes = 1 << 20

    /// The parsed document.
    public let root: ConfigNode
    /// The file's bytes, exactly as read.
    public let bytes: Data

    /// Reads and parses the YAML file at `path`.
    public static func load(path: String) throws(ConfigError) -> ConfigDocument {
        let url = URL(fileURLWithPath: path)
        let bytes: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maximumBytes {
                throw ConfigError(file: path, field: "", line: nil, problem: "is \(size) bytes; the limit is \(maximumBytes)")
            }
            bytes = try Data(contentsOf: url)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: path, field: "", line: nil, problem: "cannot be read (\(describe(error)))")
        }
        return try parse(bytes, file: path)
    }

    /// Parses YAML `bytes`, naming them `file` in errors.
    public static func parse(_ bytes: Data, file: String) throws(ConfigError) -> ConfigDocument {
        if bytes.count > maximumBytes {
            throw ConfigError(file: file, field: "", line: nil, problem: "is \(bytes.count) bytes; the limit is \(maximumBytes)")
        }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw ConfigError(file: file, field: "", line: nil, problem: "is not valid UTF-8 text")
        }
        try YAMLPreflight.check(text, file: file)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            throw ConfigError(file: file, field: duplicates.sorted().joined(separator: ", "), line: context.mark.line,
                              problem: "appears twice in the same mapping")
        } catch let error as YamlError {
            throw ConfigError(file: file, field: "", line: line(of: error), problem: "is not valid YAML (\(summary(of: error)))")
        } catch {
            throw ConfigError(file: file, field: "", line: nil, problem: "is not valid YAML (\(describe(error)))")
        }
        guard let node else {
            throw ConfigError(file: file, field: "", line: nil, problem: "is empty")
        }
        return ConfigDocument(root: try ConfigNode.build(node, file: file, path: ""), bytes: bytes)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return describe(error)
        }
    }

    private static func describe(_ error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "unknown error"
    }
}
