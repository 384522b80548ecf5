import Foundation
import TestSupport
import Testing

/// Hostile flags and scenario files for `pump-sim` (docs/reliability.md, bad input): exit 2 within the deadline,
/// exactly one line on stderr naming the flag and what it accepts, nothing on stdout, and no `--link` symlink made.
///
/// With `BAD_INPUT_RESULTS=DIR` each row writes its observed outcome to `DIR/sim-NNNN.tsv` for `scripts/bad-input-table`.
@Suite("pump-sim hostile input")
struct BadInputPumpSimTests {
    /// One row: the flags (`$LINK` is a symlink path in a fresh directory, `$FILE` the scenario file), the scenario's
    /// content when the row is about one, and the fragments the stderr line must hold.
    struct Row: Sendable, CustomTestStringConvertible {
        let input: String
        let arguments: [String]
        let scenario: Scenario?
        let expected: [String]
        var testDescription: String { input }

        enum Scenario: Sendable {
            case bytes([UInt8])
            case symlink(String)
            case fifo
            case directory
        }
    }

    static let numbers: [(String, String)] = [
        ("empty", ""), ("NaN", "NaN"), ("Infinity", "Infinity"), ("1e309", "1e309"), ("hex 0x10", "0x10"), ("12abc", "12abc"),
        ("leading +", "+60"), ("comma decimal", "60,5"), ("negative", "-1"), ("100 000 digits", String(repeating: "9", count: 100_000)),
        ("ANSI escape", "\u{1B}[2J60"),
    ]

    static let rows: [Row] =
        numbers.map { Row(input: "--speed \($0.0)", arguments: ["--link", "$LINK", "--speed", $0.1], scenario: nil, expected: ["--speed", "0.1 to 3600"]) }
        + numbers.map { Row(input: "--baud \($0.0)", arguments: ["--link", "$LINK", "--baud", $0.1], scenario: nil, expected: ["--baud", "300 to 4000000"]) }
        + numbers.map { Row(input: "--battery \($0.0)", arguments: ["--link", "$LINK", "--battery", $0.1], scenario: nil, expected: ["--battery", "0 to 100"]) }
        + numbers.map { Row(input: "--address \($0.0)", arguments: ["--link", "$LINK", "--address", $0.1], scenario: nil, expected: ["--address", "0 to 99"]) }
        + numbers.map { Row(input: "--tcp \($0.0)", arguments: ["--tcp", $0.1], scenario: nil, expected: ["--tcp", "0 to 65535"]) }
        + [
            Row(input: "--serial with an ANSI escape", arguments: ["--link", "$LINK", "--serial", "\u{1B}[2JSIM"], scenario: nil, expected: ["--serial"]),
            Row(input: "--serial 100 000 characters", arguments: ["--link", "$LINK", "--serial", String(repeating: "S", count: 100_000)], scenario: nil, expected: ["--serial"]),
            Row(input: "--fault 100 000 characters", arguments: ["--link", "$LINK", "--fault", String(repeating: "a", count: 100_000)], scenario: nil, expected: ["--fault"]),
            Row(input: "--fault with a NUL-free control character", arguments: ["--link", "$LINK", "--fault", "air@running\u{7}"], scenario: nil, expected: ["--fault"]),
            Row(input: "--link empty", arguments: ["--link", ""], scenario: nil, expected: ["--link", "empty"]),
            Row(input: "--link an existing directory", arguments: ["--link", "/tmp"], scenario: nil, expected: ["--link", "not a symbolic link"]),
            Row(input: "--link /dev/null (a device)", arguments: ["--link", "/dev/null"], scenario: nil, expected: ["--link", "not a symbolic link"]),
            Row(input: "--link in a missing directory", arguments: ["--link", "/nonexistent/pump"], scenario: nil, expected: ["--link", "does not exist"]),
            Row(input: "--scenario /dev/zero", arguments: ["--link", "$LINK", "--scenario", "/dev/zero"], scenario: nil, expected: ["--scenario", "not a regular file"]),
            Row(input: "--scenario a symlink to /dev/zero", arguments: ["--link", "$LINK", "--scenario", "$FILE"], scenario: .symlink("/dev/zero"), expected: ["--scenario", "not a regular file"]),
            Row(input: "--scenario a FIFO nobody writes", arguments: ["--link", "$LINK", "--scenario", "$FILE"], scenario: .fifo, expected: ["--scenario", "not a regular file"]),
            Row(input: "--scenario a directory", arguments: ["--link", "$LINK", "--scenario", "$FILE"], scenario: .directory, expected: ["--scenario", "not a regular file"]),
            Row(input: "--scenario 10 MB", arguments: ["--link", "$LINK", "--scenario", "$FILE"], scenario: .bytes(Array(repeating: UInt8(ascii: "#"), count: 10_000_000)),
                expected: ["--scenario", "larger than 1048576 bytes"]),
            Row(input: "--scenario not UTF-8", arguments: ["--link", "$LINK", "--scenario", "$FILE"], scenario: .bytes([0x2D, 0x20, 0xFF, 0x0A]), expected: ["--scenario", "not UTF-8"]),
            Row(input: "--scenario with a NUL byte", arguments: ["--link", "$LINK", "--scenario", "$FILE"], scenario: .bytes(Array("- at: 9\u{0}0s\n  do: reboot\n".utf8)), expected: ["--scenario", "line 1"]),
            Row(input: "--scenario with a byte order mark", arguments: ["--link", "$LINK", "--scenario", "$FILE"], scenario: .bytes([0xEF, 0xBB, 0xBF] + Array("- at: 90s\n  do: fly\n".utf8)),
                expected: ["--scenario", "line 2"]),
            Row(input: "--scenario with an ANSI escape in an action", arguments: ["--link", "$LINK", "--scenario", "$FILE"], scenario: .bytes(Array("- at: 90s\n  do: \u{1B}[2J\n".utf8)),
                expected: ["--scenario", "line 2"]),
            Row(input: "--scenario at: 1e309s", arguments: ["--link", "$LINK", "--scenario", "$FILE"], scenario: .bytes(Array("- at: 1e309s\n  do: reboot\n".utf8)), expected: ["--scenario", "line 1"]),
            Row(input: "--scenario missing", arguments: ["--link", "$LINK", "--scenario", "/nonexistent/scenario"], scenario: nil, expected: ["--scenario", "cannot read"]),
            Row(input: "unknown flag --pump", arguments: ["--link", "$LINK", "--pump", "1"], scenario: nil, expected: ["--pump"]),
        ]

    @Test("pump-sim hostile input", arguments: rows.indices)
    func refused(_ index: Int) async throws {
        let row = Self.rows[index]
        let directory = try RepositoryLayout.temporaryDirectory("sim-hostile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("pump")
        let file = directory.appendingPathComponent("hostile.scenario")
        switch row.scenario {
        case .bytes(let bytes): try Data(bytes).write(to: file)
        case .symlink(let target): try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: target)
        case .fifo: #expect(mkfifo(file.path, 0o600) == 0)
        case .directory: try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
        case nil: break
        }
        let arguments = row.arguments.map { $0.replacingOccurrences(of: "$LINK", with: link.path).replacingOccurrences(of: "$FILE", with: file.path) }
        let started = Date()
        let outcome = try await ProcessRunner.run(RepositoryLayout.product("pump-sim"), arguments, deadlineSeconds: 20)
        let seconds = Date().timeIntervalSince(started)

        var problems: [String] = []
        if outcome.timedOut { problems.append("hung (killed at the deadline)") }
        if outcome.exitCode != 2 { problems.append("exit \(outcome.exitCode), expected 2") }
        if !outcome.stdout.isEmpty { problems.append("stdout not empty") }
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count != 2 || !outcome.stderr.hasPrefix("error: ") { problems.append("stderr is not one 'error: ' line") }
        if outcome.stderr.count > 1000 { problems.append("stderr line of \(outcome.stderr.count) characters") }
        if outcome.stderr.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }) { problems.append("stderr holds a control character") }
        for fragment in row.expected where !outcome.stderr.contains(fragment) { problems.append("stderr does not name \(fragment.debugDescription)") }
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) != nil { problems.append("made the --link symlink") }

        if let results = ProcessInfo.processInfo.environment["BAD_INPUT_RESULTS"], !results.isEmpty {
            let message = outcome.stderr.split(separator: "\n").first.map { String($0.dropFirst("error: ".count)) } ?? ""
            let fields = ["pump-sim", row.input, "exit 2; no --link made", problems.isEmpty ? "as expected" : "FAILED: " + problems.joined(separator: "; "),
                          message.count > 110 ? String(message.prefix(107)) + "..." : message, String(format: "%.0f", seconds * 1000)]
                .map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
            try? Data((fields.joined(separator: "\t") + "\n").utf8).write(to: URL(fileURLWithPath: results).appendingPathComponent(String(format: "sim-%04d.tsv", index)))
        }
        #expect(problems.isEmpty, "pump-sim \(row.input): \(problems.joined(separator: "; ")) [stderr: \(outcome.stderr.prefix(300))]")
    }
}
