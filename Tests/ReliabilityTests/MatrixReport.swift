import Foundation

/// Appends each cell's outcome as one JSON line to the file named by `FAULT_MATRIX_REPORT` (scripts/reliability
/// renders it into docs/reliability.md). Without the variable nothing is written.
enum MatrixReport {
    private static let lock = NSLock()

    static func write(_ outcome: MatrixOutcome) {
        guard let path = ProcessInfo.processInfo.environment["FAULT_MATRIX_REPORT"], !path.isEmpty,
              let data = try? JSONSerialization.data(withJSONObject: outcome.json, options: [.sortedKeys]) else { return }
        lock.withLock {
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            defer { try? handle.close() }
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: data + Data("\n".utf8))
        }
    }
}
