import PumpDriver

/// Counts completed exchanges and their retransmissions: on a fault-free simulated line every request should be
/// answered at its first transmission, so any retransmission is a finding.
actor ExchangeCounter {
    private(set) var exchanges = 0
    private(set) var retransmissions: [RetransmissionReason: Int] = [:]
    private(set) var failures = 0

    func record(_ exchange: PumpExchange) {
        guard exchange.phase == .completed else { return }
        exchanges += 1
        for reason in exchange.retransmissionReasons { retransmissions[reason, default: 0] += 1 }
        if case .reply? = exchange.outcome {} else { failures += 1 }
    }

    /// `0 retransmissions in 1280 exchanges` or `3 retransmissions in 1280 exchanges (no reply 3)`.
    var summary: String {
        let total = retransmissions.values.reduce(0, +)
        let reasons = retransmissions.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }
        return "\(total) retransmission\(total == 1 ? "" : "s") in \(exchanges) exchanges"
            + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
            + (failures == 0 ? "" : ", \(failures) without a reply")
    }
}
