import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// The rules every hardware-in-the-loop session must keep, judged by comparing the two ends of the line: what the
/// simulator printed and traced (the pump's side) with what the driver reported (the controller's side).
enum SessionRules {
    /// **A restart is revealed.** After a pump rebooted, a START read back before the reboot is refused (the pump is
    /// idle, its program lost: wrongState idle), and the next STAT reports the restart (`pumpRebooted`, the boot id
    /// seen at IDEN as the previous one, the pump idle).
    static func expectStartRefusedThenRestartRevealed(
        _ bench: DriverBench, _ verified: VerifiedProgram, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let pump = "pump 01 on \(await bench.line.port)"
        await #expect(throws: PumpDriverError.refused(pump: pump, command: .start, reason: .wrongState(.idle)), sourceLocation: sourceLocation) {
            try await bench.driver.start(verified)
        }
        do {
            _ = try await bench.driver.status()
            Issue.record("the restart went unnoticed", sourceLocation: sourceLocation)
        } catch {
            if case .pumpRebooted(_, let previous, _, let status) = error {
                #expect(previous == bench.identity.bootId, sourceLocation: sourceLocation)
                #expect(status?.state == .idle, sourceLocation: sourceLocation)
            } else {
                Issue.record("expected pumpRebooted, got \(error)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The end of every alarm-recovery session: RESM continues the same program from the volume frozen by the
    /// alarm (no new START, no new token) and the volume grows again; STOP; then the session rules, and the driver's
    /// states programmed, running, alarm, paused, running, idle. Returns the RESM status for further checks.
    @discardableResult
    static func resumeFromFrozenVolumeThenStop(
        _ bench: DriverBench, frozen: Decimal, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> PumpStatus {
        let resumed = try await bench.driver.resume()
        #expect(resumed.state == .running, sourceLocation: sourceLocation)
        #expect(resumed.volumeInfusedMl == frozen, sourceLocation: sourceLocation)
        _ = try #require(await bench.nextStatus { $0.state == .running && $0.volumeInfusedMl > frozen }, sourceLocation: sourceLocation)
        #expect(try await bench.driver.stop().state == .idle, sourceLocation: sourceLocation)
        await expectEventsDelivered(bench, sourceLocation: sourceLocation)
        await bench.finish()
        expectNoLostState(bench, sourceLocation: sourceLocation)
        expectStartedOnce(bench, sourceLocation: sourceLocation)
        #expect(bench.driverStates == [.programmed, .running, .alarm, .paused, .running, .idle], sourceLocation: sourceLocation)
        return resumed
    }

    /// **No lost state.** The pump powers up `idle` and the simulator prints a `state` line at every change after
    /// that, so the pump's history is `idle` followed by the printed states. The driver's history is the state of
    /// every status it received (the ACKs of STAT, STRT, PAUS, RESM, STOP, CLRV and ALAK, taken from its exchange
    /// record, which is in the driver's own order): a state the test caused with a command is seen in that
    /// command's ACK (programAndVerify's closing STAT shows `programmed`); a state the pump entered by itself
    /// (`complete`, `alarm`, `paused` after a cleared cause, `idle` after a reboot) is seen by the monitor's polls,
    /// because every such state lasts until the test acts, and the test acts only after the monitor reported it.
    /// With consecutive repeats merged the two histories must be equal, except that the driver may not have seen
    /// the power-up `idle` when its first status came later.
    static func expectNoLostState(_ bench: DriverBench, sourceLocation: SourceLocation = #_sourceLocation) {
        var printed = DriverBench.merged(["idle"] + bench.simulator.printedStates(address: bench.address))
        let seen = bench.driverStates.map(\.rawValue)
        if seen.first != "idle", printed.first == "idle" { printed.removeFirst() }
        #expect(seen == printed, "states the driver saw vs states the simulator printed", sourceLocation: sourceLocation)
    }

    /// **No lost event.** Every alarm event the pump put on the wire (`SimulatorTrace.sentEvents`) reaches the
    /// monitor, in order. Events the pump could not send (`tx-suppressed` during a silence, `tx-lost` while unplugged) are the
    /// pump's loss, not the driver's, and the status stays authoritative (docs/protocol.md §11). Call it before
    /// `finish()`: it waits (5 s at most) for the monitor to forward what was sent.
    static func expectEventsDelivered(_ bench: DriverBench, sourceLocation: SourceLocation = #_sourceLocation) async {
        let sent = bench.simulator.trace.sentEvents
            .filter { $0.frame?.address.value == bench.address }
            .compactMap { $0.frame?.value(for: .alarm) }
        @Sendable func forwarded(_ updates: [PumpUpdate]) -> [String] {
            updates.compactMap { update -> String? in
                if case .event(let event) = update { return event.alarm.rawValue }
                return nil
            }
        }
        let complete = await bench.updates.wait(within: 5) { updates -> [String]? in
            let alarms = forwarded(updates)
            return alarms.count >= sent.count ? alarms : nil
        }
        let delivered = complete ?? forwarded(bench.updates.all)
        #expect(delivered == sent, "events the monitor forwarded vs events the pump sent", sourceLocation: sourceLocation)
    }

    /// **No double start.** Judged from the pump's side (call after `finish()`, when the trace is complete): the
    /// rule of `SimulatorTrace.startViolations()` holds, and the simulator printed `state 1 running` exactly once per
    /// START and per RESM the driver saw acknowledged into `running` (so nothing else ever set the motor going).
    static func expectStartedOnce(_ bench: DriverBench, sourceLocation: SourceLocation = #_sourceLocation) {
        let trace = bench.simulator.trace
        #expect(trace.startViolations() == [], sourceLocation: sourceLocation)
        let acknowledgedIntoRunning = bench.completedExchanges.filter { exchange in
            (exchange.command == .start || exchange.command == .resume)
                && DriverBench.status(in: exchange)?.state == .running
        }
        let printedRunning = bench.simulator.printedStates(address: bench.address).filter { $0 == "running" }.count
        #expect(
            printedRunning == acknowledgedIntoRunning.count,
            "state running lines vs STRT/RESM acknowledged into running", sourceLocation: sourceLocation)
        let driverStarts = bench.completedExchanges.filter { $0.command == .start }
        let startSequences = Set(driverStarts.map(\.sequence))
        #expect(startSequences.count == driverStarts.count, "one sequence per STRT request", sourceLocation: sourceLocation)
    }

    /// **The monitor never commands.** The completed exchanges from `index` on are IDEN and STAT only.
    static func expectOnlyQueries(
        _ bench: DriverBench, from index: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let commands = bench.exchanges.all.dropFirst(index).filter { $0.phase == .completed }.map(\.command.rawValue)
        #expect(
            commands.allSatisfy { $0 == "IDEN" || $0 == "STAT" }, "the driver sent \(commands)",
            sourceLocation: sourceLocation)
    }
}
