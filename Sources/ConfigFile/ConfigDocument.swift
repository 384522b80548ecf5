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
    ///
    /// Only a regular file is read, and never more than ``maximumBytes`` + 1 bytes of it: a configuration path that
    /// names `/dev/zero`, a FIFO or a directory is refused at once instead of reading forever or blocking.
    public static func load(path: String) throws(ConfigError) -> ConfigDocument {
        try parse(try readRegularFile(path), file: path)
    }

    /// The bytes of the regular file at `path`, at most ``maximumBytes`` + 1 of them (the parser refuses more).
    ///
    /// The file is opened non-blocking (a FIFO without a writer would otherwise block the open) and its type is
    /// checked on the open descriptor, so nothing can be swapped in between the check and the read.
    static func readRegularFile(_ path: String) throws(ConfigError) -> Data {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ConfigError(file: path, field: "", line: nil, problem: "cannot be read (\(String(cString: strerror(errno))))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw ConfigError(file: path, field: "", line: nil, problem: "is not a regular file (a directory, device or pipe); name a YAML file")
        }
        if Int(status.st_size) > maximumBytes {
            throw ConfigError(file: path, field: "", line: nil, problem: "is \(status.st_size) bytes; the limit is \(maximumBytes)")
        }
        do {
            return try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw ConfigError(file: path, field: "", line: nil, problem: "cannot be read (\(describe(error)))")
        }
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
