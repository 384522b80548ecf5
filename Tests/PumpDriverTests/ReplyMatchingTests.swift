import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// docs/protocol.md §5.1 and §4.1 on the client side: only the exactly matching reply is taken; echoes, late,
/// duplicate and foreign replies are ignored; events go to the addressed pump; a partial frame dies after 250 ms.
@Suite(.timeLimit(.minutes(1)))
struct ReplyMatchingTests {
    @Test func echoesLateDuplicateAndForeignFramesAreIgnored() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        async let identity = harness.driver.connect()
        try await pump.answer(with: Document.idenAck0001)
        _ = try await identity

        async let status = harness.driver.status()
        #expect(try await pump.nextFrame() == Document.statRequest0002)
        try await pump.send(Document.statRequest0002)  // an RS-485 adapter's echo of the request
        try await pump.send(Reference.statIdleAck02_0002)  // pump 02's reply, same sequence and code
        try await pump.send(Document.idenAck0001)  // a late reply to the earlier request
        try await pump.send(Reference.readAck0002)  // same address and sequence, another code
        try await pump.send(Document.doorEvent)  // an event is never the reply
        try await pump.send(Document.statIdleAck0002)  // the reply
        try await pump.send(Document.statIdleAck0002)  // a duplicate of it
        let idle = try await status
        #expect(idle.state == .idle)
        #expect(idle.batteryPercent == 87)

        // The next request is matched on its own sequence number, untouched by the duplicate.
        async let next = harness.driver.status()
        #expect(try await pump.answer(with: Reference.statIdleAck0003) == Reference.statRequest0003)
        _ = try await next
        let statistics = await harness.line.statistics
        #expect(statistics.ignoredFrames == 5)
        #expect(statistics.eventsReceived == 1)
        #expect(await harness.log.completed.map(\.transmissions) == [1, 1, 1])
    }

    @Test func eventsGoToTheAddressedPumpOnly() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        let second = PumpDriver(line: harness.line, address: try #require(PumpAddress(2)))
        var firstEvents = await harness.driver.events().makeAsyncIterator()
        var secondEvents = await second.events().makeAsyncIterator()

        try await pump.send(Document.doorEvent)
        try await pump.send(Reference.eventOcclusion02)

        let door = try #require(await firstEvents.next())
        #expect(door.alarm == .doorOpen)
        #expect(door.status.state == .alarm)
        #expect(door.status.volumeInfusedMl == Decimal(sign: .plus, exponent: -1, significand: 125))
        #expect(door.status.timeRemainingSeconds == 4730)
        // Pump 02's first event is its own occlusion: the door event of pump 01 never reached it.
        let occlusion = try #require(await secondEvents.next())
        #expect(occlusion.alarm == .occlusionDownstream)
    }

    @Test func aFrameInterruptedForTheInterByteTimeoutIsAbandoned() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        async let identity = harness.driver.connect()
        #expect(try await pump.nextFrame() == Document.idenRequest0001)
        let reply = Document.idenAck0001 + "\r\n"
        let split = reply.index(reply.startIndex, offsetBy: 40)
        try await pump.sendRaw(String(reply[..<split]))
        // The reply deadline (500 ms) and the inter-byte timeout (250 ms after the partial frame) are both armed.
        await harness.clock.waitForSleepers(2)
        #expect(await harness.clock.fireNextDeadline() == .milliseconds(250))
        try await pump.sendRaw(String(reply[split...]))  // the rest, without its '$', is noise now
        #expect(await harness.clock.fireNextDeadline() == .milliseconds(500))
        #expect(try await pump.answer(with: Document.idenAck0001) == Document.idenRequest0001)
        _ = try await identity
        #expect(await harness.line.statistics.abandonedPartialFrames == 1)
        #expect(await harness.log.completed.first?.transmissions == 2)
    }

    @Test func aFrameWithAShortGapIsAccepted() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        async let identity = harness.driver.connect()
        #expect(try await pump.nextFrame() == Document.idenRequest0001)
        let reply = Document.idenAck0001 + "\r\n"
        let split = reply.index(reply.startIndex, offsetBy: 40)
        try await pump.sendRaw(String(reply[..<split]))
        await harness.clock.waitForSleepers(2)
        harness.clock.advance(by: .milliseconds(240))
        try await pump.sendRaw(String(reply[split...]))
        _ = try await identity
        #expect(await harness.line.statistics.abandonedPartialFrames == 0)
        #expect(await harness.log.completed.first?.transmissions == 1)
    }
}
