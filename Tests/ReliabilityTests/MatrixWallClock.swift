import Foundation
import Workflow

/// The wall time every matrix record carries: 2026-11-26T08:00:00Z, fixed, so a bag's beyond-use time never
/// depends on when the suite runs (intervals run on the monotonic clock, never on this one).
struct MatrixWallClock: WallClock {
    func now() -> Date { Date(timeIntervalSince1970: 1_795_680_000) }
}
