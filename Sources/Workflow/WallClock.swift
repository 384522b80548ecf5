import Foundation

/// The source of UTC time for records. Injected so tests never depend on (or wait for) the real clock.
///
/// Intervals and timeouts never use it: they run on a monotonic `Clock<Duration>`, so a wall clock stepped back or
/// forward by hours cannot shorten a timeout or stretch an infusion.
public protocol WallClock: Sendable {
    /// The current UTC time.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemWallClock: WallClock {
    /// Creates the system clock.
    public init() {}
    /// `Date()`.
    public func now() -> Date { Date() }
}
