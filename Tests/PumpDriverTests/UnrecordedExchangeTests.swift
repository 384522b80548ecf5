import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// A request the journal cannot record is never sent; an outcome it cannot record stops the command.
@Suite(.timeLimit(.minutes(1)))
struct UnrecordedExchangeTests {
    struct JournalFull: Error, CustomStringConvertible {
        var description: String { "the journal's disk is full" }
    }

    /// A driver on a model pump whose observer refuses (throws) for the given phase of the given command.
    func harness(refusing phase: PumpExchange.Phase, of command: CommandCode, pump: ModelPump) async throws -> (PumpDriver, ManualClock) {
        let clock = ManualClock()
        let factory = MemoryLineFactory()
        let line = try await PumpLine.open(factory.opener, timing: testTiming, clock: clock)
        let driver = PumpDriver(line: line, address: try #require(PumpAddress(1)), firstSequence: .zero) { exchange in
            if exchange.phase == phase && exchange.command == command { throw JournalFull() }
        }
        await pump.attach(await factory.pumpEnd(0))
        return (driver, clock)
    }

    @Test func anUnrecordableIntentIsNotSent() async throws {
        let pump = ModelPump()
        let (driver, _) = try await harness(refusing: .intent, of: .setProgram, pump: pump)
        try await driver.connect()
        do {
            try await driver.setProgram(try documentProgram())
            Issue.record("SETP was sent although its intent could not be recorded")
        } catch let error as PumpDriverError {
            guard case .notRecorded(_, let command, let sent, let detail) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(command == .setProgram)
            #expect(!sent)
            #expect(detail.contains("disk is full"))
            #expect(error.description.contains("was not sent"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(await pump.requestLog.filter { $0.contains("|CMD|SETP|") }.isEmpty)
        #expect(await pump.executed(.setProgram) == 0)
    }

    @Test func anUnrecordableOutcomeFailsTheCommand() async throws {
        let pump = ModelPump()
        let (driver, _) = try await harness(refusing: .completed, of: .pause, pump: pump)
        try await driver.connect()
        let verified = try await driver.programAndVerify(try documentProgram())
        _ = try await driver.start(verified)
        do {
            _ = try await driver.pause()
            Issue.record("an unrecorded pause was reported as done")
        } catch {
            guard case .notRecorded(_, .pause, true, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        #expect(await pump.executed(.pause) == 1)
    }
}
