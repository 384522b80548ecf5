import Foundation
import TestSupport

/// Starts the `journal-probe` executable (Tests/JournalProbe) as a child doing one journal job, so tests can kill it,
/// limit it or run it as another user. It reports on stdout in lines `KEY value...` that the parent parses.
enum JournalChildProcess {
    /// The built probe.
    static var executable: URL { RepositoryLayout.product("journal-probe") }

    /// Arguments for a child doing `mode` on the journal at `path`.
    static func arguments(mode: String, path: String, extra: [String] = []) -> [String] {
        [mode, path] + extra
    }

    /// The `KEY ...` lines of a child's output, split into words.
    static func reports(_ output: String, key: String) -> [[String]] {
        output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.filter { $0.first == key }
    }
}
