import Foundation

/// Resident memory (VmRSS) of a process, from /proc, in KiB; and the figures a soak reports from its samples.
struct SoakMemory {
    /// VmRSS of `pid` ("self" for this process), or nil when the process is gone.
    static func residentKiB(_ pid: String = "self") -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }

    /// The pid of the running `pump-sim` whose command line names `linkPath` (unique per soak).
    static func simulatorPid(linkPath: String) -> String? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries where entry.allSatisfy(\.isNumber) {
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if words.first?.hasSuffix("pump-sim") == true && words.contains(linkPath) { return entry }
        }
        return nil
    }

    /// Samples in KiB, one per infusion.
    var samples: [Int] = []

    var first: Int { samples.first ?? 0 }
    var last: Int { samples.last ?? 0 }
    var max: Int { samples.max() ?? 0 }

    /// Growth per infusion (KiB), by least squares over the samples after the first `warmUp` (allocator pools and
    /// caches fill during the first infusions; a leak shows as a steady slope after that).
    func slopeKiBPerInfusion(warmUp: Int = 3) -> Double {
        let points = Array(samples.enumerated().dropFirst(Swift.min(warmUp, Swift.max(samples.count - 2, 0))))
        guard points.count >= 2 else { return 0 }
        let n = Double(points.count)
        let meanX = points.map { Double($0.offset) }.reduce(0, +) / n
        let meanY = points.map { Double($0.element) }.reduce(0, +) / n
        let numerator = points.map { (Double($0.offset) - meanX) * (Double($0.element) - meanY) }.reduce(0, +)
        let denominator = points.map { (Double($0.offset) - meanX) * (Double($0.offset) - meanX) }.reduce(0, +)
        return denominator == 0 ? 0 : numerator / denominator
    }

    /// One line: first / last / max and growth per infusion, in MiB and KiB.
    var summary: String {
        String(format: "first %.1f MiB, last %.1f MiB, max %.1f MiB, growth %.1f KiB per infusion (least squares after 3 warm-up infusions)",
               Double(first) / 1024, Double(last) / 1024, Double(max) / 1024, slopeKiBPerInfusion())
    }
}
