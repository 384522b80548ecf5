import Foundation
import TestSupport
import Testing

/// Kill the controller (SIGKILL) at many points of a simulated infusion and restart it: the journal verifies, no
/// entry reported as written is missing, no second START reaches the simulator, and the volume matches the pump's.
///
/// Kill points are "right after the controller's k-th durable journal entry" of the bedside run (program, start,
/// supervision), which visits every step: after SETP's intent, after START's intent, between the START's reply and
/// its journal entry, mid-supervision. `RECOVERY_KILL_POINTS` and `RECOVERY_SEED` widen the run (scripts/reliability
/// runs 200 seeded points with jitter between writes).
@Suite(.serialized, .timeLimit(.minutes(30)))
struct ControllerKillTests {
    static var points: [(Int, Int)] {
        let environment = ProcessInfo.processInfo.environment
        if let count = environment["RECOVERY_KILL_POINTS"].flatMap(Int.init), count > 0 {
            var generator = SplitMix64(seed: environment["RECOVERY_SEED"].flatMap(UInt64.init) ?? 20261126)
            return (0..<count).map { _ in (Int(generator.next() % 30) + 1, Int(generator.next() % 3000)) }
        }
        // Every entry of the program run (1-7) and of the start (8-14: IDEN, READ, STAT, start-requested, STRT intent,
        // STRT outcome, start), then points spread over supervision.
        return (1...16).map { ($0, 0) } + [(20, 0), (25, 500)]
    }

    @Test func killedAtEveryPointTheControllerRecovers() async throws {
        var summary: [String] = []
        for (killAfter, jitter) in Self.points {
            let outcome = try await ControllerKillRun(killAfter: killAfter, jitterMicroseconds: jitter).run()
            let label = "kill after entry \(killAfter) (+\(jitter) us)"
            outcome.checkPromises(label)
            summary.append("\(label): killed=\(outcome.killed) state=\(outcome.stateAfterKill ?? "-") restarts=\(outcome.restarts.joined(separator: ","))")
        }
        if let path = ProcessInfo.processInfo.environment["RECOVERY_REPORT"] {
            try summary.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}

/// A small seeded generator (SplitMix64), so a run's kill points can be reproduced from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
