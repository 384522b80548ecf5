/// How the monitor judges and restores the link.
public struct MonitorPolicy: Sendable, Hashable {
    /// Consecutive polls answered at the first transmission before `degraded` returns to `connected`.
    public var recoveryPolls: Int
    /// Waits before successive reconnection attempts; the last one repeats. The first attempt is immediate.
    public var reconnectBackoff: [Duration]
    /// Unanswered reconnection attempts on a line that is up after which the line is reopened anyway (a TCP
    /// connection to a device server that restarted can look up but carry nothing).
    public var reopenAfterSilentAttempts: Int

    /// Creates a policy; the defaults notice a recovered pump within a few seconds without flooding the line.
    public init(
        recoveryPolls: Int = 5,
        reconnectBackoff: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(5)],
        reopenAfterSilentAttempts: Int = 2
    ) {
        self.recoveryPolls = max(1, recoveryPolls)
        self.reconnectBackoff = reconnectBackoff.isEmpty ? [.seconds(1)] : reconnectBackoff
        self.reopenAfterSilentAttempts = max(1, reopenAfterSilentAttempts)
    }

    /// The wait before reconnection attempt `attempt` (1 = the first retry).
    func backoff(beforeAttempt attempt: Int) -> Duration {
        reconnectBackoff[min(max(0, attempt - 1), reconnectBackoff.count - 1)]
    }
}
