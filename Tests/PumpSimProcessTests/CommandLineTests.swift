import Foundation
import TestSupport
import Testing

/// Bad flags and scenario files: exit 2, one line on stderr naming the flag (or file and line), nothing on stdout,
/// nothing opened.
@Suite("pump-sim command line")
struct CommandLineTests {
    static func run(_ arguments: [String]) async throws -> ProcessOutcome {
        try await ProcessRunner.run(SimulatorProcess.executable, arguments, deadlineSeconds: 30)
    }

    @Test("bad flags exit 2 naming the flag", arguments: [
        ([String](), "--link PATH"),
        (["--link", "/tmp/x", "--tcp", "0"], "--link and --tcp"),
        (["--tcp", "70000"], "--tcp"),
        (["--tcp", "0", "--speed", "fast"], "--speed"),
        (["--tcp", "0", "--speed", "0"], "--speed"),
        (["--tcp", "0", "--speed", "1e3"], "--speed"),
        (["--tcp", "0", "--baud", "38400.5"], "--baud"),
        (["--tcp", "0", "--address", "100"], "--address"),
        (["--tcp", "0", "--address", "1", "--address", "01"], "--address"),
        (["--tcp", "0", "--battery", "101"], "--battery"),
        (["--tcp", "0", "--serial", String(repeating: "S", count: 33)], "--serial"),
        (["--tcp", "0", "--events", "maybe"], "--events"),
        (["--tcp", "0", "--fault", "fly@90s"], "--fault"),
        (["--tcp", "0", "--scenario", "/nonexistent/scenario"], "--scenario"),
        (["--tcp", "0", "--bogus"], "--bogus"),
        (["--link", "/nonexistent-directory/pump"], "--link"),
    ])
    func badFlag(arguments: [String], named: String) async throws {
        let outcome = try await Self.run(arguments)
        #expect(outcome.exitCode == 2)
        #expect(outcome.stdout.isEmpty)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(outcome.stderr.contains(named), "\(outcome.stderr)")
    }

    @Test func badScenarioNamesTheFileAndLine() async throws {
        let directory = try RepositoryLayout.temporaryDirectory("pump-sim-bad-scenario")
        let file = directory.appendingPathComponent("bad.scenario")
        try "- at: 90s\n  do: fault air on\n- on: runing\n  do: reboot\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await Self.run(["--tcp", "0", "--scenario", file.path])
        #expect(outcome.exitCode == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("error: --scenario \(file.path) line 3: on 'runing' is neither a state"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func refusesToReplaceAFileThatIsNotASymlink() async throws {
        let directory = try RepositoryLayout.temporaryDirectory("pump-sim-link")
        let file = directory.appendingPathComponent("pump")
        try "precious".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await Self.run(["--link", file.path])
        #expect(outcome.exitCode == 2)
        #expect(outcome.stderr.contains("--link"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "precious")
    }

    @Test func helpExitsZero() async throws {
        let outcome = try await Self.run(["--help"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.contains("--link"))
        #expect(outcome.stdout.contains("--fault"))
    }
}
