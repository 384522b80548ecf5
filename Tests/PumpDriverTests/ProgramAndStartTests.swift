import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// The only path to START: program, read back, compare every field, confirm the state and boot, start with the
/// read-back token; START executed at most once whatever is lost on the line.
@Suite(.timeLimit(.minutes(1)))
struct ProgramAndStartTests {
    @Test func aLostStartReplyIsRetransmittedIdenticallyAndAnsweredFromTheCache() async throws {
        let pump = ModelPump()
        await pump.set(drop: 1, repliesTo: .start)
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        let verified = try await harness.driver.programAndVerify(try documentProgram())

        let starting = Task { try await harness.driver.start(verified) }
        await pump.waitUntilExecuted(.start)
        #expect(await harness.clock.fireNextDeadline() == .milliseconds(500))
        let running = try await starting.value
        #expect(running.state == .running)
        #expect(await pump.executed(.start) == 1)
        let starts = await pump.requestLog.filter { $0.contains("|CMD|STRT|") }
        #expect(starts.count == 2)
        #expect(Set(starts).count == 1)  // the identical bytes, same sequence number
        let exchange = try #require(await harness.log.completed.last)
        #expect(exchange.command == .start)
        #expect(exchange.transmissions == 2)
        #expect(exchange.retransmissionReasons == [.noReply])
    }

    @Test func aStartWithUnknownOutcomeIsNeverSentAgain() async throws {
        let pump = ModelPump()
        await pump.set(drop: 4, repliesTo: .start)
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        let verified = try await harness.driver.programAndVerify(try documentProgram())
        let servedBeforeStart = await pump.requestLog.count

        let starting = Task { try await harness.driver.start(verified) }
        for deadline in [500, 1000, 1500, 2000] {
            #expect(await harness.clock.fireNextDeadline() == .milliseconds(deadline))
        }
        let error = try #require(await driverError(starting))
        // The driver gives up on its own clock; the model pump, on a thread of its own, may still be reading the four
        // transmissions (it was, on a loaded machine). Count what it executed once it has served all four.
        await pump.waitForRequests(servedBeforeStart + 4)
        #expect(error.outcomeUnknown)
        #expect(error.description.contains("did not answer STRT: 4 transmissions over 2.0 s"))
        #expect(error.description.contains("whether the pump executed STRT is UNKNOWN"))
        #expect(await pump.executed(.start) == 1)
        #expect(await pump.requestLog.filter { $0.contains("|CMD|STRT|") }.count == 4)

        // The same verified program again: refused before anything is sent.
        let again = await driverError(Task { try await harness.driver.start(verified) })
        #expect(again == .startAlreadyAttempted(pump: "pump 01 on memory-line", token: verified.token))
        #expect(await pump.requestLog.filter { $0.contains("|CMD|STRT|") }.count == 4)

        // The truth, from STAT: it executed. A later verification refuses a pump that is already running.
        #expect(try await harness.driver.status().state == .running)
        let reverify = await driverError(Task { try await harness.driver.verify(try documentProgram()) })
        #expect(reverify == .notStartable(pump: "pump 01 on memory-line", state: .running))
        #expect(await pump.executed(.start) == 1)
    }

    @Test func theIntentIsReportedBeforeTheFirstByteOfStart() async throws {
        let pump = ModelPump()
        let clock = ManualClock()
        let factory = MemoryLineFactory()
        let line = try await PumpLine.open(factory.opener, timing: testTiming, clock: clock)
        let seenAtIntent = ExchangeLog()
        let driver = PumpDriver(line: line, address: try #require(PumpAddress(1))) { exchange in
            guard exchange.phase == .intent, exchange.command == .start else { return }
            // Journal "about to send STRT" here: the pump must not have received it yet.
            let received = await pump.requestCodes
            await seenAtIntent.append(
                PumpExchange(
                    phase: .intent, address: exchange.address, port: received.joined(separator: ","),
                    command: exchange.command, sequence: exchange.sequence, changesState: true,
                    request: exchange.request, outcome: nil, transmissions: 0, retransmissionReasons: [],
                    duration: .zero))
        }
        await pump.attach(await factory.pumpEnd(0))
        try await driver.connect()
        let verified = try await driver.programAndVerify(try documentProgram())
        _ = try await driver.start(verified)
        let intent = try #require(await seenAtIntent.entries.first)
        #expect(intent.port == "IDEN,SETP,READ,STAT")
        #expect(intent.request.contains("|CMD|STRT|014|token=9F3B0C2E|"))
    }

    @Test(arguments: [
        (PayloadKey.rate, "66.7", "66.6"),
        (PayloadKey.vtbi, "100.5", "100"),
        (PayloadKey.drug, "tocilizumab-x", "tocilizumab"),
        (PayloadKey.conc, "5.7", "5.6"),
        (PayloadKey.wdog, "31", "30"),
    ])
    func aReadBackDifferingInAnyFieldIsRefused(field: PayloadKey, readBack: String, sent: String) async throws {
        let pump = ModelPump()
        await pump.set(readback: readBack, for: field)
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        let error = await driverError(Task { try await harness.driver.programAndVerify(try documentProgram()) })
        #expect(error == .readbackMismatch(
            pump: "pump 01 on memory-line", mismatches: [ReadbackMismatch(field: field, sent: sent, readBack: readBack)]))
        #expect(error?.description.contains("\(field): sent \(sent), read back \(readBack)") == true)
        #expect(await pump.requestCodes == ["IDEN", "SETP", "READ"])
        #expect(await pump.executed(.start) == 0)
    }

    @Test func equalDecimalsWrittenDifferentlyCompareEqual() async throws {
        let pump = ModelPump()
        await pump.set(readback: "5.6000", for: .conc)
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        let verified = try await harness.driver.programAndVerify(try documentProgram())
        #expect(verified.program.concentrationMgPerMl == Decimal(sign: .plus, exponent: -1, significand: 56))
    }

    @Test func aVerificationSupersededByANewProgramCannotStart() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        let first = try await harness.driver.programAndVerify(try documentProgram())
        let second = try await harness.driver.programAndVerify(try documentProgram())
        #expect(first.token.description == "9F3B0C2E")
        #expect(second.token.description == "1234ABCD")
        let stale = await driverError(Task { try await harness.driver.start(first) })
        guard case .staleVerification = stale else {
            Issue.record("expected staleVerification, got \(String(describing: stale))")
            return
        }
        #expect(await pump.executed(.start) == 0)
        #expect(try await harness.driver.start(second).state == .running)
        #expect(await pump.executed(.start) == 1)
    }

    @Test func aVerificationFromAnotherDriverCannotStart() async throws {
        let pump = ModelPump(addresses: [1])
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        let verified = try await harness.driver.programAndVerify(try documentProgram())
        let other = PumpDriver(line: harness.line, address: try #require(PumpAddress(1)))
        try await other.connect()
        let error = await driverError(Task { try await other.start(verified) })
        guard case .staleVerification = error else {
            Issue.record("expected staleVerification, got \(String(describing: error))")
            return
        }
        #expect(await pump.executed(.start) == 0)
    }

    @Test func aStartRefusedByThePumpMayBeRetriedOnceTheCauseIsFixed() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        let verified = try await harness.driver.programAndVerify(try documentProgram())
        try await pump.raise(.doorOpen)
        let refused = await driverError(Task { try await harness.driver.start(verified) })
        #expect(refused?.refusal == .alarmActive([.doorOpen]))
        #expect(try await harness.driver.acknowledgeAlarms().alarms.isEmpty)
        // The NAK proved the first START did not execute, so the same verified program may start now.
        #expect(try await harness.driver.start(verified).state == .running)
        #expect(await pump.executed(.start) == 2)
        #expect(await pump.state() == .running)
    }

    @Test func aLaterSessionVerifiesWithoutProgrammingAndStarts() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        _ = try await harness.driver.programAndVerify(try documentProgram())

        let later = PumpDriver(line: harness.line, address: try #require(PumpAddress(1)), firstSequence: SequenceNumber(500))
        try await later.connect()
        let verified = try await later.verify(try documentProgram())
        #expect(verified.token.description == "9F3B0C2E")
        #expect(try await later.start(verified).state == .running)
        #expect(await pump.requestCodes == ["IDEN", "SETP", "READ", "STAT", "IDEN", "READ", "STAT", "STRT"])
    }
}
