import PumpProtocol

extension PumpDriver {
    /// Polls STAT every `interval` (which also feeds the pump's watchdog: keep it at most a third of the program's
    /// `wdog`, docs/protocol.md §10.5) and yields statuses, the pump's events, link-health changes and restarts. A
    /// change of health or a restart is yielded before the status that revealed it.
    ///
    /// Health: `connected` when polls are answered at the first transmission; `degraded` when a retransmission was
    /// needed (until `policy.recoveryPolls` clean polls in a row); `lost` when a request failed or the transport
    /// disconnected. When lost, the monitor reconnects with back-off: it reopens the line if it is down (the same
    /// path or TCP server, or the same USB adapter found again, possibly at a new device node), then sends IDEN
    /// (protocol, serial and boot identifier checked) and STAT. It never sends a state-changing command. A restart is
    /// yielded as `rebooted`; an unsupported protocol, another pump on the line, or a closed line end the stream with
    /// `stopped`. Cancelling the consuming task (or dropping the stream) ends the monitor after the request in flight.
    public nonisolated func monitor(
        every interval: Duration, policy: MonitorPolicy = MonitorPolicy()
    ) -> AsyncStream<PumpUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: PumpUpdate.self)
        let task = Task {
            await self.runMonitor(interval: interval, policy: policy, continuation: continuation)
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private nonisolated func runMonitor(
        interval: Duration, policy: MonitorPolicy, continuation: AsyncStream<PumpUpdate>.Continuation
    ) async {
        let clock = line.clock
        let events = await line.events(for: address)
        let forwarding = Task {
            for await event in events {
                if let reboot = await self.observeEventBoot(event.status.bootId) {
                    continuation.yield(.rebooted(previous: reboot.previous, current: reboot.current))
                }
                continuation.yield(.event(event))
            }
        }
        defer {
            forwarding.cancel()
            continuation.finish()
        }
        var health: LinkHealth?
        func report(_ new: LinkHealth) {
            if let health, health.isSameCase(as: new) { return }
            health = new
            continuation.yield(.link(new))
        }
        var needsHandshake = !(await isConnected)
        var attempts = 0
        var silentAttempts = 0
        var cleanPolls = 0
        var nextPollAt = clock.now
        while !Task.isCancelled {
            if needsHandshake {
                if attempts > 0 {
                    do { try await clock.sleep(for: policy.backoff(beforeAttempt: attempts)) } catch { return }
                }
                attempts += 1
                let forceReopen = silentAttempts >= policy.reopenAfterSilentAttempts
                do throws(PumpDriverError) {
                    let result = try await reestablish(forceReopen: forceReopen)
                    if forceReopen { silentAttempts = 0 }
                    needsHandshake = false
                    attempts = 0
                    silentAttempts = 0
                    cleanPolls = 0
                    if let reboot = result.reboot {
                        continuation.yield(.rebooted(previous: reboot.previous, current: reboot.current))
                    }
                    report(.connected)
                    continuation.yield(.status(result.status))
                    nextPollAt = clock.now + interval
                } catch {
                    if forceReopen { silentAttempts = 0 }
                    switch error {
                    case .unsupportedProtocol, .differentPump:
                        continuation.yield(.stopped(reason: error.description))
                        return
                    case .lineUnavailable where !(await line.canReopen):
                        continuation.yield(.stopped(reason: error.description))
                        return
                    case .noReply:
                        silentAttempts += 1
                    default:
                        break
                    }
                    report(.lost(reason: error.description))
                }
                continue
            }
            do { try await clock.sleep(until: nextPollAt) } catch { return }
            do throws(PumpDriverError) {
                let poll = try await pollStatus()
                nextPollAt = clock.now + interval
                if let reboot = poll.reboot {
                    continuation.yield(.rebooted(previous: reboot.previous, current: reboot.current))
                }
                if poll.retransmitted {
                    cleanPolls = 0
                    report(.degraded)
                } else {
                    cleanPolls += 1
                    if health == nil || cleanPolls >= policy.recoveryPolls { report(.connected) }
                }
                continuation.yield(.status(poll.status))
            } catch {
                if case .cancelled = error { return }
                report(.lost(reason: error.description))
                needsHandshake = true
            }
        }
    }

    struct Poll {
        let status: PumpStatus
        let reboot: (previous: BootId, current: BootId)?
        let retransmitted: Bool
    }

    /// One monitor poll: STAT, adopting (not throwing) a new boot identifier so the monitor can report it.
    func pollStatus() async throws(PumpDriverError) -> Poll {
        await acquire()
        defer { release() }
        try await requireConnected(.getStatus)
        let performed = try await perform(.getStatus)
        let status = try await status(from: performed, command: .getStatus)
        return Poll(status: status, reboot: adoptBoot(status.bootId), retransmitted: performed.retransmitted)
    }

    struct Reestablished {
        let status: PumpStatus
        let reboot: (previous: BootId, current: BootId)?
    }

    /// Reopens the line if it is down (or `forceReopen`), then IDEN and STAT. Never a state-changing command.
    func reestablish(forceReopen: Bool) async throws(PumpDriverError) -> Reestablished {
        await acquire()
        defer { release() }
        let lineIsUp = await line.isUp
        if forceReopen || !lineIsUp {
            let seen = forceReopen ? nil : await line.generation
            do {
                try await line.reopen(ifGeneration: seen)
            } catch {
                throw .lineUnavailable(pump: await name(), detail: error.description)
            }
        }
        let handshake = try await handshake()
        let performed = try await perform(.getStatus)
        let status = try await status(from: performed, command: .getStatus)
        let reboot = adoptBoot(status.bootId)
        return Reestablished(status: status, reboot: handshake.reboot ?? reboot)
    }

    /// An event's boot identifier, adopted when the driver is connected.
    func observeEventBoot(_ observed: BootId) -> (previous: BootId, current: BootId)? {
        guard isConnected else { return nil }
        return adoptBoot(observed)
    }
}
