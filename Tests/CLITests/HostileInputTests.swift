import Foundation
import TestSupport
import Testing

/// Every row of ``HostileInputTable`` against the real `infusion` binary: exit 2 (or the row's code), exactly one
/// line on stderr naming the option or `file:line: field` and the accepted range, nothing on stdout, and nothing
/// written: every file of the data directory byte-identical (or exactly one `workflow.refused` entry more, for the
/// rows that are well-formed requests a guard refuses), and a data directory that did not exist still absent.
///
/// With `BAD_INPUT_RESULTS=DIR` each row also writes its observed outcome to `DIR/NNNN.tsv` for
/// `scripts/bad-input-table`, which puts them into docs/reliability.md.
@Suite("hostile input to every command and configuration file")
struct HostileInputTests {
    @Test("hostile input", arguments: HostileInputTable.cases.indices)
    func hostileInput(_ index: Int) async throws {
        let hostile = HostileInputTable.cases[index]
        let template = try await HostileInputHarness.template.value
        let scratch = try RepositoryLayout.temporaryDirectory("hostile")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let data = scratch.appendingPathComponent("data")
        if case .journal = hostile.data { try FileManager.default.copyItem(at: template.directory, to: data) }
        let config = try HostileInputHarness.configDirectory(in: scratch, hostile.config)
        let before = try HostileInputHarness.snapshot(data)
        let eventsBefore = hostile.writes == .oneRefusal ? try HostileInputHarness.events(data) : []
        let arguments = hostile.arguments.map { argument in
            argument
                .replacingOccurrences(of: "$PREP", with: template.calculatedId)
                .replacingOccurrences(of: "$DISPENSED", with: template.dispensedId)
                .replacingOccurrences(of: "$VERIFIED", with: template.verifiedId)
                .replacingOccurrences(of: "$DATA", with: data.path)
                .replacingOccurrences(of: "$CONFIG", with: config.path)
                .replacingOccurrences(of: "$SCRATCH", with: scratch.path)
                .replacingOccurrences(of: "$BIG", with: HostileInputHarness.big)
        }
        let started = Date()
        let outcome = try await HostileInputHarness.run(arguments)
        let seconds = Date().timeIntervalSince(started)

        var problems: [String] = []
        if outcome.timedOut { problems.append("hung (killed at the deadline)") }
        if outcome.exitCode != hostile.exitCode { problems.append("exit \(outcome.exitCode), expected \(hostile.exitCode)") }
        if !outcome.stdout.isEmpty { problems.append("stdout not empty: \(outcome.stdout.prefix(80).debugDescription)") }
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count != 2 || lines.last != "" || !outcome.stderr.hasPrefix("error: ") {
            problems.append("stderr is not one 'error: ' line: \(outcome.stderr.prefix(200).debugDescription)")
        }
        if outcome.stderr.count > 1000 { problems.append("stderr line of \(outcome.stderr.count) characters") }
        if outcome.stderr.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }) {
            problems.append("stderr holds a control character")
        }
        for fragment in hostile.expected where !outcome.stderr.contains(fragment) {
            problems.append("stderr does not name \(fragment.debugDescription)")
        }
        switch hostile.data {
        case .absent:
            if FileManager.default.fileExists(atPath: data.path) { problems.append("created the data directory") }
        case .journal:
            switch hostile.writes {
            case .nothing:
                let after = try HostileInputHarness.snapshot(data)
                if after != before {
                    let changed = Set(after.keys).union(before.keys).filter { after[$0] != before[$0] }.sorted()
                    problems.append("changed the data directory (\(changed.joined(separator: ", ")); \(try HostileInputHarness.events(data).count) entries now)")
                }
            case .oneRefusal:
                let eventsAfter = try HostileInputHarness.events(data)
                if eventsAfter != eventsBefore + ["workflow.refused"] { problems.append("journal \(eventsBefore.count) -> \(eventsAfter.count) entries, expected one workflow.refused") }
            }
        }
        HostileInputResults.record(index, hostile, outcome: outcome, problems: problems, seconds: seconds)
        #expect(problems.isEmpty, "\(hostile.subject) \(hostile.input): \(problems.joined(separator: "; ")) [stderr: \(outcome.stderr.prefix(300))]")
    }
}

/// Writes each row's observed outcome for the documentation table, when asked to.
enum HostileInputResults {
    static func record(_ index: Int, _ hostile: HostileCase, outcome: ProcessOutcome, problems: [String], seconds: Double) {
        guard let directory = ProcessInfo.processInfo.environment["BAD_INPUT_RESULTS"], !directory.isEmpty else { return }
        let expectedWrites: String = switch (hostile.data, hostile.writes) {
        case (.absent, _): "no data directory created"
        case (.journal, .nothing): "journal byte-identical"
        case (.journal, .oneRefusal): "one workflow.refused entry"
        }
        let message = outcome.stderr.split(separator: "\n").first.map { String($0.dropFirst("error: ".count)) } ?? ""
        let shown = message.count > 110 ? String(message.prefix(107)) + "..." : message
        let fields = [
            hostile.subject, hostile.input, "exit \(hostile.exitCode); \(expectedWrites)",
            problems.isEmpty ? "as expected" : "FAILED: " + problems.joined(separator: "; "), shown, String(format: "%.0f", seconds * 1000),
        ].map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        let path = URL(fileURLWithPath: directory).appendingPathComponent(String(format: "cli-%04d.tsv", index))
        try? Data((fields.joined(separator: "\t") + "\n").utf8).write(to: path)
    }
}
