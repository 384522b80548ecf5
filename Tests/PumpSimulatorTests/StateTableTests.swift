import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// docs/protocol.md §10.2, "Command results by state": every command in every state, the expected result written
/// out from the table (ACK and new state, or the NAK reason).
@Suite("§10.2 state table")
struct StateTableTests {
    /// 100 mL at 66.6 mL/h (the document's program).
    static let documentProgram = try? program(rate: "66.6", vtbi: "100")

    /// A pump brought into `state` the way a controller and the world would: programmed, started, paused, a door
    /// opened while running, or run to completion. Returns the pump and the token of its stored program, if any.
    static func pump(in state: PumpState) throws -> (PumpHarness, ProgramToken?) {
        var pump = try PumpHarness()
        let stored = try #require(documentProgram)
        let token: ProgramToken?
        switch state {
        case .idle:
            token = nil
        case .programmed:
            token = try pump.program(stored)
        case .running:
            token = try pump.start(stored)
        case .paused:
            token = try pump.start(stored)
            _ = try pump.send(.pause)
        case .alarm:
            token = try pump.start(stored)
            pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
        case .complete:
            token = try pump.start(stored)
            pump.advance(simulated: .seconds(5406))  // ⌈100 × 3600 / 66.6⌉ = 5406 s
        }
        return (pump, token)
    }

    /// What the table says for one cell.
    enum Expected: Equatable, CustomStringConvertible {
        case ack(PumpState)
        case nak(NakReason)

        var description: String {
            switch self {
            case .ack(let state): return "ACK → \(state.rawValue)"
            case .nak(let reason): return "NAK \(reason.code)"
            }
        }
    }

    /// The commands of the table; STRT with the token of the stored program (`storedToken`) or another one.
    enum Row: String, CaseIterable {
        case identify, status, keepAlive, setProgram, read, startWithStoredToken, startWithOtherToken, pause, resume, stop,
            clearVolume, acknowledge
    }

    /// The table, transcribed. STRT: `tokenUsed` when the token equals the stored (started) program's token,
    /// `wrongState` otherwise; in `idle` no program is stored, so any token is `wrongState`.
    static func expected(_ row: Row, in state: PumpState) -> Expected {
        switch (row, state) {
        case (.identify, _), (.status, _), (.keepAlive, _): return .ack(state)
        case (.setProgram, .idle), (.setProgram, .programmed): return .ack(.programmed)
        case (.setProgram, _): return .nak(.wrongState(state))
        case (.read, .idle): return .nak(.wrongState(.idle))
        case (.read, _): return .ack(state)
        case (.startWithStoredToken, .programmed): return .ack(.running)
        case (.startWithStoredToken, .idle): return .nak(.wrongState(.idle))
        case (.startWithStoredToken, _): return .nak(.tokenUsed)
        case (.startWithOtherToken, .programmed): return .nak(.tokenMismatch)
        case (.startWithOtherToken, _): return .nak(.wrongState(state))
        case (.pause, .running): return .ack(.paused)
        case (.pause, _): return .nak(.wrongState(state))
        case (.resume, .paused): return .ack(.running)
        case (.resume, _): return .nak(.wrongState(state))
        case (.stop, _): return .ack(.idle)
        case (.clearVolume, .idle), (.clearVolume, .programmed): return .ack(state)
        case (.clearVolume, _): return .nak(.wrongState(state))
        // In `alarm` the door is still open: acknowledged, still raised, still `alarm` (§10.3).
        case (.acknowledge, _): return .ack(state)
        }
    }

    @Test("every command in every state", arguments: Row.allCases, PumpState.allCases)
    func cell(row: Row, state: PumpState) throws {
        var (pump, token) = try Self.pump(in: state)
        #expect(pump.state == state)
        let otherToken = ProgramToken((token?.value ?? 0x1234_5678) ^ 0x0000_0001)
        let command: PumpCommand
        switch row {
        case .identify: command = .identify
        case .status: command = .getStatus
        case .keepAlive: command = .keepAlive
        case .setProgram: command = .setProgram(try program(rate: "50", vtbi: "250"))
        case .read: command = .readProgram
        case .startWithStoredToken: command = .start(token ?? otherToken)
        case .startWithOtherToken: command = .start(otherToken)
        case .pause: command = .pause
        case .resume: command = .resume
        case .stop: command = .stop
        case .clearVolume: command = .clearVolume
        case .acknowledge: command = .acknowledgeAlarm
        }
        let reply = try pump.send(command)
        let actual: Expected
        switch reply {
        case .ack: actual = .ack(pump.state)
        case .nak(let reason): actual = .nak(reason)
        }
        #expect(actual == Self.expected(row, in: state), "\(row) in \(state)")
        // A refused command changes nothing.
        if case .nak = reply { #expect(pump.state == state) }
    }

    @Test func setProgramInIdleWithCountersIsVolumeNotCleared() throws {
        var (pump, _) = try Self.pump(in: .complete)
        _ = try pump.send(.stop)
        #expect(try pump.nak(.setProgram(try #require(Self.documentProgram))) == .volumeNotCleared)
        #expect(try pump.sendForStatus(.clearVolume).volumeInfusedMl == 0)
        #expect(try pump.send(.setProgram(try #require(Self.documentProgram))) == .ack(.none))
    }

    @Test func setProgramInProgrammedDrawsANewTokenAndTheOldOneIsRefused() throws {
        var (pump, oldToken) = try Self.pump(in: .programmed)
        let newToken = try pump.program(try program(rate: "50", vtbi: "250"))
        #expect(newToken != oldToken)
        #expect(try pump.nak(.start(try #require(oldToken))) == .tokenMismatch)
        #expect(try pump.sendForStatus(.start(newToken)).state == .running)
    }

    @Test func startIsRefusedWhileAMotorStoppingAlarmIsRaised() throws {
        var (pump, token) = try Self.pump(in: .programmed)
        pump.notices += pump.pump.setCause(.occlusionUpstream, present: true, at: pump.instant)
        #expect(pump.state == .programmed)  // raised in a state without motor: state unchanged
        #expect(try pump.nak(.start(try #require(token))) == .alarmActive([.occlusionUpstream]))
    }

    @Test func readReturnsTheStoredProgramWithTheDefaultedWatchdog() throws {
        var pump = try PumpHarness()
        let request = PumpCommand.setProgram(
            try PumpProgram(rateMlPerHour: decimal("66.6"), vtbiMl: 100, drugId: "tocilizumab", concentrationMgPerMl: decimal("5.6")))
        #expect(try pump.send(request) == .ack(.none))
        guard case .ack(.program(let readback)) = try pump.send(.readProgram) else {
            Issue.record("READ was not acknowledged with a program")
            return
        }
        #expect(readback.program.watchdogSeconds == 30)
    }

    @Test func resumeOfAPausedCompletedProgramGoesStraightToComplete() throws {
        var (pump, _) = try Self.pump(in: .complete)
        pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
        #expect(pump.state == .alarm)
        pump.notices += pump.pump.setCause(.doorOpen, present: false, at: pump.instant)
        #expect(try pump.sendForStatus(.acknowledgeAlarm).state == .paused)
        let resumed = try pump.sendForStatus(.resume)
        #expect(resumed.state == .complete)
        #expect(resumed.rateMlPerHour == 1)
        #expect(pump.pump.watchdogDeadlineWallNanoseconds == nil)  // §10.5: not armed
    }

    @Test func stopInIdleChangesNothingAndKeepsRaisedAlarms() throws {
        var pump = try PumpHarness()
        pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
        let status = try pump.sendForStatus(.stop)
        #expect(status.state == .idle)
        #expect(status.alarms == [.doorOpen])
    }
}
