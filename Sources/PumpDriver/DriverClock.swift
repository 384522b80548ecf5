/// The injected clock of a line and its drivers, as a monotonic timeline: durations since the clock was adopted.
///
/// The driver takes `any Clock<Duration>` (a `ContinuousClock` in production, a manual clock in tests) so that reply
/// deadlines, the inter-byte timeout, poll intervals and reconnection back-off never read the wall clock directly and
/// tests never sleep. An existential clock's instants cannot be stored or compared without opening it, so the clock is
/// opened once here and every instant becomes a `Duration` offset from the moment of adoption.
public struct DriverClock: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    /// Adopts `clock`; offset zero is its `now` at this call.
    public init(_ clock: any Clock<Duration>) {
        self.init(opening: clock)
    }

    private init<C: Clock<Duration>>(opening clock: C) {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleeper = { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) }
    }

    /// The time since adoption, on the injected clock.
    public var now: Duration { elapsed() }

    /// Suspends until the clock reaches `offset`; throws `CancellationError` when the task is cancelled first.
    public func sleep(until offset: Duration) async throws {
        try await sleeper(offset)
    }

    /// Suspends for `duration` from now.
    public func sleep(for duration: Duration) async throws {
        try await sleeper(now + duration)
    }
}
