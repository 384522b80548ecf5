import Foundation

/// One line of the table `scripts/bench` prints: a figure, the baseline measured beside it in the same run, their
/// ratio, and what bounds the figure.
///
/// `ratio` is always cost over cost (time per operation of the figure / time per operation of the baseline): 1.00
/// means the figure is at its floor, 3.00 that it costs three times the floor.
struct SummaryRow: Sendable {
    let figure: String
    let measured: String
    let baseline: String
    let ratio: String
    let bound: String

    init(_ figure: String, measured: String, baseline: String, ratio: Double?, bound: String) {
        self.figure = figure
        self.measured = measured
        self.baseline = baseline
        self.ratio = ratio.map { Format.ratio($0) } ?? "-"
        self.bound = bound
    }

    /// Writes `rows` as `<results>/<key>.tsv` (tab-separated, one row per line), replacing an earlier run's file.
    static func write(_ rows: [SummaryRow], key: String) {
        let clean = { (text: String) in text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        let text = rows.map { row in
            [row.figure, row.measured, row.baseline, row.ratio, row.bound].map(clean).joined(separator: "\t")
        }.joined(separator: "\n") + "\n"
        writeResult(text, file: "\(key).tsv")
    }

    /// Records that the benchmark `key` failed, as `<results>/<key>.failed` holding the message. The benchmark tool
    /// reports a failure but still exits 0, so `scripts/bench` looks for these files to fail the run.
    static func writeFailure(_ message: String, key: String) {
        writeResult(message + "\n", file: "\(key).failed")
    }

    /// The directory `scripts/bench` reads (`INFUSION_BENCH_RESULTS`); nothing is written when it is not set.
    private static func writeResult(_ text: String, file: String) {
        guard let directory = ProcessInfo.processInfo.environment["INFUSION_BENCH_RESULTS"], !directory.isEmpty else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? text.write(toFile: "\(directory)/\(file)", atomically: true, encoding: .utf8)
    }
}

/// Number formatting for the table: a few significant digits and the unit.
enum Format {
    static func ratio(_ value: Double) -> String { String(format: "%.2f", value) }

    static func rate(_ perSecond: Double, unit: String) -> String {
        String(format: perSecond >= 100 ? "%.0f" : "%.1f", perSecond) + " \(unit)/s"
    }

    static func seconds(_ value: Double) -> String {
        switch value {
        case ..<0.001: return String(format: "%.1f us", value * 1e6)
        case ..<1: return String(format: "%.2f ms", value * 1e3)
        default: return String(format: "%.2f s", value)
        }
    }

    static func percent(_ value: Double) -> String { String(format: "%.3f%%", value * 100) }
}
