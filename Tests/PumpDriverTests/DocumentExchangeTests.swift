import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// The driver's bytes on the wire, compared with the frames of docs/protocol.md §14 (and its reference encoder):
/// sequence numbers, identical retransmissions, NAK handling, sequence wrap.
@Suite(.timeLimit(.minutes(1)))
struct DocumentExchangeTests {
    @Test func normalInfusionFollowsTheDocumentSession() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        let driver = harness.driver

        async let identity = driver.connect()
        #expect(try await pump.answer(with: Document.idenAck0001) == Document.idenRequest0001)
        let connected = try await identity
        #expect(connected.model == "VP-1 Volumetric")
        #expect(connected.serialNumber == "SN-004217")
        #expect(connected.firmwareVersion == "2.3.1")
        #expect(connected.protocolVersion.description == "1.0")
        #expect(connected.bootId.description == "5A3C9E01")

        async let idle = driver.status()
        #expect(try await pump.answer(with: Document.statIdleAck0002) == Document.statRequest0002)
        #expect(try await idle.state == .idle)

        async let verifying = driver.programAndVerify(try documentProgram())
        #expect(try await pump.answer(with: Document.setpAck0003) == Document.setpRequest0003)
        #expect(try await pump.answer(with: Document.readAck0004) == Document.readRequest0004)
        #expect(try await pump.answer(with: Reference.statProgrammedAck0005) == Reference.statRequest0005)
        let verified = try await verifying
        #expect(verified.token.description == "9F3B0C2E")
        #expect(verified.bootId.description == "5A3C9E01")
        #expect(verified.program == (try documentProgram()))

        async let started = driver.start(verified)
        #expect(try await pump.answer(with: Reference.startAck0006) == Reference.startRequest0006)
        let running = try await started
        #expect(running.state == .running)
        #expect(running.rateMlPerHour == Decimal(sign: .plus, exponent: -1, significand: 666))
        #expect(running.timeRemainingSeconds == 5406)

        async let kept: Void = driver.keepAlive()
        #expect(try await pump.answer(with: Reference.keepAck0007) == Reference.keepRequest0007)
        try await kept

        #expect(await harness.log.summary == [
            "completed IDEN", "completed STAT", "intent SETP", "completed SETP", "completed READ", "completed STAT",
            "intent STRT", "completed STRT", "completed KEEP",
        ])
        let start = try #require(await harness.log.completed.first { $0.command == .start })
        #expect(start.request == Reference.startRequest0006)
        #expect(start.outcome == .reply(Reference.startAck0006))
        #expect(start.transmissions == 1)
        #expect(start.retransmissionReasons.isEmpty)
        #expect(start.sequence == SequenceNumber(6))
        #expect(start.port == "memory-line")
    }

    @Test func aDroppedReplyIsRetransmittedAsTheIdenticalBytes() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        async let identity = harness.driver.connect()
        #expect(try await pump.nextFrame() == Document.idenRequest0001)
        // The reply is lost: the deadline is 500 ms after the request left.
        #expect(await harness.clock.fireNextDeadline() == .milliseconds(500))
        #expect(try await pump.answer(with: Document.idenAck0001) == Document.idenRequest0001)
        #expect(try await identity.serialNumber == "SN-004217")

        let exchange = try #require(await harness.log.completed.first)
        #expect(exchange.transmissions == 2)
        #expect(exchange.retransmissionReasons == [.noReply])
        #expect(exchange.duration == .milliseconds(500))
        #expect(exchange.outcome == .reply(Document.idenAck0001))
    }

    @Test func aSilentPumpIsDeclaredUnansweredAfterFourTransmissionsOverTwoSeconds() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        let identity = Task { try await harness.driver.connect() }
        for deadline in [500, 1000, 1500, 2000] {
            #expect(try await pump.nextFrame() == Document.idenRequest0001)
            #expect(await harness.clock.fireNextDeadline() == .milliseconds(deadline))
        }
        let error = await driverError(identity)
        #expect(error == .noReply(
            pump: "pump 01 on memory-line", command: .identify, transmissions: 4, elapsed: .seconds(2),
            reasons: [.noReply, .noReply, .noReply, .noReply]))
        #expect(error?.description == "pump 01 on memory-line did not answer IDEN: 4 transmissions over 2.0 s")
        #expect(error?.outcomeUnknown == true)
        #expect(await pump.unreadText() == "")
        #expect(await harness.driver.isConnected == false)
    }

    @Test func theReplyDeadlineIncludesTheRequestsWireTime() async throws {
        var timing = testTiming
        timing.baudRate = .protocolDefault
        let (harness, pump) = try await Harness.scripted(firstSequence: 1, timing: timing)
        async let identity = harness.driver.connect()
        #expect(try await pump.nextFrame() == Document.idenRequest0001)
        // 29 bytes × 10 bits at 38400 baud = 7.552 ms (ProtocolTiming rounds to whole microseconds) after 500 ms.
        #expect(await harness.clock.fireNextDeadline() == .microseconds(507_552))
        #expect(try await pump.answer(with: Document.idenAck0001) == Document.idenRequest0001)
        _ = try await identity
    }

    @Test func nakCrcIsAnsweredByTheIdenticalBytes() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 102)
        async let identity = harness.driver.connect()
        #expect(try await pump.answer(with: Reference.idenAck0102) == Reference.idenRequest0102)
        _ = try await identity

        async let status = harness.driver.status()
        #expect(try await pump.answer(with: Document.statCrcNak0103) == Document.statRequest0103)
        #expect(try await pump.answer(with: Reference.statIdleAck0103) == Document.statRequest0103)
        #expect(try await status.state == .idle)
        let exchange = try #require(await harness.log.completed.last)
        #expect(exchange.transmissions == 2)
        #expect(exchange.retransmissionReasons == [.damagedRequest])
        #expect(exchange.duration == .zero)
    }

    @Test func sequenceReusedIsSentAgainWithTheNextSequenceNumber() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 104)
        async let identity = harness.driver.connect()
        #expect(try await pump.answer(with: Reference.idenAck0104) == Reference.idenRequest0104)
        _ = try await identity

        async let status = harness.driver.status()
        #expect(try await pump.answer(with: Document.statSequenceReusedNak0105) == Document.statRequest0105)
        #expect(try await pump.answer(with: Reference.statIdleAck0106) == Reference.statRequest0106)
        #expect(try await status.state == .idle)
        let stats = await harness.log.completed.filter { $0.command == .getStatus }
        #expect(stats.map(\.sequence) == [SequenceNumber(105), SequenceNumber(106)])
        #expect(stats.map(\.transmissions) == [1, 1])
    }

    @Test func pauseRefusedInTheWrongStateIsTypedAndSentOnce() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 101)
        async let identity = harness.driver.connect()
        #expect(try await pump.answer(with: Reference.idenAck0101) == Reference.idenRequest0101)
        _ = try await identity

        let paused = Task { try await harness.driver.pause() }
        #expect(try await pump.answer(with: Document.pausWrongStateNak0102) == Document.pausRequest0102)
        let error = await driverError(paused)
        #expect(error == .refused(pump: "pump 01 on memory-line", command: .pause, reason: .wrongState(.paused)))
        #expect(error?.outcomeUnknown == false)
        #expect(await pump.unreadText() == "")
        #expect(await harness.log.summary.suffix(2) == ["intent PAUS", "completed PAUS"])
    }

    @Test func resumeRefusedWhileAlarmsAreRaisedNamesThem() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 105)
        async let identity = harness.driver.connect()
        #expect(try await pump.answer(with: Reference.idenAck0105) == Reference.idenRequest0105)
        _ = try await identity

        let resumed = Task { try await harness.driver.resume() }
        #expect(try await pump.answer(with: Document.resmAlarmActiveNak0106) == Document.resmRequest0106)
        let error = await driverError(resumed)
        #expect(error?.refusal == .alarmActive([.occlusionDownstream, .airInLine]))
        #expect(await pump.unreadText() == "")
    }

    @Test func programRefusedUntilVolumesAreClearedIsTypedAndNothingElseIsSent() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 106)
        async let identity = harness.driver.connect()
        #expect(try await pump.answer(with: Reference.idenAck0106) == Reference.idenRequest0106)
        _ = try await identity

        let program = try documentProgram()
        let verifying = Task { try await harness.driver.programAndVerify(program) }
        #expect(try await pump.answer(with: Document.setpVolumeNotClearedNak0107) == Document.setpRequest0107)
        let error = await driverError(verifying)
        #expect(error?.refusal == .volumeNotCleared)
        // No READ, no STAT, no STRT after the refusal.
        #expect(await pump.unreadText() == "")
    }

    @Test func sequenceNumbersWrapFrom9999To0000PerPump() async throws {
        let (harness, pump) = try await Harness.scripted(address: 42, firstSequence: 9998)
        async let identity = harness.driver.connect()
        #expect(try await pump.answer(with: Reference.idenAck42_9998) == Reference.idenRequest42_9998)
        #expect(try await identity.serialNumber == "SN-004242")

        async let first = harness.driver.status()
        #expect(try await pump.answer(with: Reference.statIdleAck42_9999) == Document.statRequest42_9999)
        _ = try await first
        async let second = harness.driver.status()
        #expect(try await pump.answer(with: Reference.statIdleAck42_0000) == Document.statRequest42_0000)
        _ = try await second
    }

    @Test func anUndecodableReplyIsReportedNotGuessedAround() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        async let identity = harness.driver.connect()
        try await pump.answer(with: Document.idenAck0001)
        _ = try await identity
        let status = Task { try await harness.driver.status() }
        #expect(try await pump.answer(with: Reference.statBadAck0002) == Document.statRequest0002)
        let error = await driverError(status)
        guard case .undecodableReply(let pump, let command, let reply, _) = error else {
            Issue.record("expected undecodableReply, got \(String(describing: error))")
            return
        }
        #expect(pump == "pump 01 on memory-line")
        #expect(command == .getStatus)
        #expect(reply == Reference.statBadAck0002)
    }
}
