import Foundation
import TestSupport
import Testing

/// The reliability suite's home (docs/reliability.md). The fault matrix, controller-fault and soak suites live in
/// files of their own beside this one.
@Suite("Reliability")
struct ReliabilityTarget {
    /// The evidence document the suites regenerate must exist with its section markers.
    @Test func evidenceDocumentHasItsSections() throws {
        let document = RepositoryLayout.root.appendingPathComponent("docs/reliability.md")
        let text = try String(contentsOf: document, encoding: .utf8)
        for section in ["fault-matrix", "controller-faults", "soak", "bad-input"] {
            #expect(text.contains("<!-- \(section):begin -->"), "docs/reliability.md lacks the \(section) section")
            #expect(text.contains("<!-- \(section):end -->"), "docs/reliability.md lacks the end of the \(section) section")
        }
    }
}
