import Foundation
import TestSupport
import Testing

/// The suites run hundreds of children in one test process (491 hostile-input rows alone); every child's pipes must
/// be closed when it is done. They once were not: over 1,100 descriptors were left open, and past about 1,350
/// Foundation's `Process.run()` reads beyond a buffer while listing them (AddressSanitizer, CI run of 2026-11-27).
@Suite("Children leave no descriptors behind")
struct ChildDescriptorTests {
    /// The open descriptors of this test process.
    private func openDescriptorCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
    }

    @Test("300 children run through ProcessRunner leave fewer than 150 descriptors open")
    func processRunnerClosesEveryPipe() async throws {
        let children = 300
        let before = try openDescriptorCount()
        for _ in 0..<children {
            let outcome = try await ProcessRunner.run(URL(fileURLWithPath: "/bin/echo"), ["x"], stdin: "y")
            #expect(outcome.exitCode == 0 && outcome.stdout == "x\n")
        }
        let growth = try openDescriptorCount() - before
        // Two pipes left open per child would be 600; other suites running beside this one hold a few dozen at most.
        #expect(growth < children / 2, "descriptors open after \(children) children: \(growth) more than before")
    }
}
