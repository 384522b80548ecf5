/// A set of measurements (seconds, rates, ratios) and the order statistics the tables report.
///
/// Percentiles are nearest-rank: p50 of 10 samples is the 5th smallest, p99 of fewer than 100 samples is the
/// largest. Medians, not means, so one descheduled iteration on a shared 2-core machine does not move a figure.
struct Samples: Sendable {
    private(set) var values: [Double] = []

    var count: Int { values.count }
    var isEmpty: Bool { values.isEmpty }

    mutating func add(_ value: Double) { values.append(value) }

    mutating func add(contentsOf other: Samples) { values += other.values }

    /// The nearest-rank percentile `p` (0-100); 0 when empty.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    var median: Double { percentile(50) }
}

extension Duration {
    /// Seconds as a Double, for statistics on timings (never for clinical quantities).
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
