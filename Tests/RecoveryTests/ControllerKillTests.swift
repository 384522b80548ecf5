import Foundation
import TestSupport
import Testing

/// Kill the controller (SIGKILL) at many points of a simulated infusion and restart it: the journal verifies, no
/// entry reported as written is missing, no second START reaches the simulator, and the volume matches the pump's.
///
/// Kill points are "right after the controller's k-th durable journal entry" of the bedside run (program, start,
/// supervision), which visits every step: after SETP's intent, after START's intent, between the START's reply and
/// its journal entry, mid-supervision. `RECOVERY_KILL_POINTS` and `RECOVERY_SEED` widen the run (scripts/reliability
/// runs 200 seeded points with jitter between writes, spread over the entries of a reference run).
@Suite(.serialized, .timeLimit(.minutes(30)))
struct ControllerKillTests {
    /// The seeded kill points (`RECOVERY_KILL_POINTS` of them, `RECOVERY_SEED`), spread over the `entries` durable
    /// entries an uninterrupted bedside run writes, each with a jitter of 0-3 ms; nil without the environment.
    static func seededPoints(entries: Int) -> [(Int, Int)]? {
        let environment = ProcessInfo.processInfo.environment
        guard let count = environment["RECOVERY_KILL_POINTS"].flatMap(Int.init), count > 0 else { return nil }
        var generator = SplitMix64(seed: environment["RECOVERY_SEED"].flatMap(UInt64.init) ?? 20261126)
        return (0..<count).map { _ in (Int(generator.next() % UInt64(max(entries, 1))) + 1, Int(generator.next() % 3000)) }
    }

    /// Every entry of the program run (1-7) and of the start (8-14: IDEN, READ, STAT, start-requested, STRT intent,
    /// STRT outcome, start), then points spread over supervision.
    static let fixedPoints: [(Int, Int)] = (1...16).map { ($0, 0) } + [(20, 0), (25, 500)]

    @Test func killedAtEveryPointTheControllerRecovers() async throws {
        var summary: [String] = []
        var points = Self.fixedPoints
        if ProcessInfo.processInfo.environment["RECOVERY_KILL_POINTS"] != nil {
            // A reference run, never killed, counts the entries of the whole bedside run (program, start, supervision
            // to completion), so the seeded points cover all of it rather than a fixed prefix.
            let reference = try await ControllerKillRun(killAfter: Int.max, jitterMicroseconds: 0).run()
            reference.checkPromises("reference run")
            summary.append("reference run: \(reference.reported.count) entries written by the controller, not killed")
            points = Self.seededPoints(entries: reference.reported.count) ?? points
        }
        for (killAfter, jitter) in points {
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
