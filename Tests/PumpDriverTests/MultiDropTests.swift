import PumpDriver
import PumpProtocol
import Testing

/// Several pumps at distinct addresses on one line (RS-485): one request outstanding on the whole line.
@Suite(.timeLimit(.minutes(1)))
struct MultiDropTests {
    @Test func twoPumpsShareOneLineOneRequestAtATime() async throws {
        let pump = ModelPump(addresses: [1, 42])
        let harness = try await Harness.model(pump)
        let second = PumpDriver(line: harness.line, address: try #require(PumpAddress(42)), firstSequence: SequenceNumber(7000))
        #expect(try await harness.driver.connect().serialNumber == "SN-004217")
        #expect(try await second.connect().serialNumber == "SN-004242")

        await pump.holdReplies()
        let first = Task { try await harness.driver.status() }
        let other = Task { try await second.status() }
        await pump.waitForRequests(3)
        for _ in 0..<20 { await Task.yield() }
        #expect(await pump.requestCodes.count == 3)  // the other request waits for the line
        await pump.releaseHeldReplies()
        _ = try await first.value
        _ = try await other.value
        #expect(await pump.requestsWhileAnswerPending == 0)

        // Many concurrent requests: every one gets its own reply without a single deadline passing.
        try await withThrowingTaskGroup(of: PumpState.self) { group in
            for index in 0..<20 {
                let driver = index.isMultiple(of: 2) ? harness.driver : second
                group.addTask { try await driver.status().state }
            }
            for try await state in group { #expect(state == .idle) }
        }
        #expect(harness.clock.elapsed == .zero)
        #expect(await pump.executed(.getStatus, address: 1) == 11)
        #expect(await pump.executed(.getStatus, address: 42) == 11)
    }

    @Test func eachPumpHasItsOwnSequence() async throws {
        let pump = ModelPump(addresses: [1, 42])
        let harness = try await Harness.model(pump, firstSequence: 10)
        let second = PumpDriver(line: harness.line, address: try #require(PumpAddress(42)), firstSequence: SequenceNumber(10))
        try await harness.driver.connect()
        try await second.connect()
        _ = try await harness.driver.status()
        _ = try await second.status()
        #expect(await pump.requestLog.map { String($0.prefix(8)) } == ["$01|0010", "$42|0010", "$01|0011", "$42|0011"])
    }
}

/// RS-485 turnaround (docs/protocol.md §12): after a reply, the next request waits the turnaround time.
@Suite(.timeLimit(.minutes(1)))
struct TurnaroundTests {
    @Test func theNextRequestWaitsTheTurnaroundAfterAReply() async throws {
        var timing = testTiming
        timing.turnaround = .milliseconds(2)
        let (harness, pump) = try await Harness.scripted(firstSequence: 1, timing: timing)
        let connecting = Task { try await harness.driver.connect() }
        try await pump.answer(with: Document.idenAck0001)
        _ = try await connecting.value

        let status = Task { try await harness.driver.status() }
        #expect(await harness.clock.nextDeadline() == .milliseconds(2))
        #expect(await pump.unreadText() == "")  // not sent before the turnaround has passed
        await harness.clock.fireNextDeadline()
        #expect(try await pump.answer(with: Document.statIdleAck0002) == Document.statRequest0002)
        _ = try await status.value
    }
}
