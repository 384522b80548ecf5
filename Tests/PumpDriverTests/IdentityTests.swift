import PumpDriver
import PumpProtocol
import Testing

/// IDEN first, protocol major 1 only, the same pump (serial) and the same power-up (boot identifier).
@Suite(.timeLimit(.minutes(1)))
struct IdentityTests {
    @Test func aPumpSpeakingAnotherMajorVersionIsSentNothingButIden() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        let connecting = Task { try await harness.driver.connect() }
        #expect(try await pump.answer(with: Reference.idenAckProtocol2_0001) == Document.idenRequest0001)
        let error = await driverError(connecting)
        #expect(error == .unsupportedProtocol(pump: "pump 01 on memory-line", version: try #require(ProtocolVersion(major: 2, minor: 0))))
        #expect(error?.description == "pump 01 on memory-line speaks protocol 2.0; this driver speaks 1.x only and sends it nothing but IDEN")

        let status = await driverError(Task { try await harness.driver.status() })
        #expect(status == .notConnected(pump: "pump 01 on memory-line", command: .getStatus))
        let program = try documentProgram()
        let programming = await driverError(Task { try await harness.driver.programAndVerify(program) })
        #expect(programming == .notConnected(pump: "pump 01 on memory-line", command: .setProgram))
        #expect(await pump.unreadText() == "")
        #expect(await harness.driver.isConnected == false)
    }

    @Test func aNewerMinorVersionIsAccepted() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        let connecting = Task { try await harness.driver.connect() }
        try await pump.answer(with: Reference.idenAckProtocol1_7_0001)
        #expect(try await connecting.value.protocolVersion == ProtocolVersion(major: 1, minor: 7))
        #expect(await harness.driver.isConnected)
    }

    @Test func aCommandBeforeConnectIsNotSent() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        let error = await driverError(Task { try await harness.driver.stop() })
        #expect(error == .notConnected(pump: "pump 01 on memory-line", command: .stop))
        #expect(await pump.unreadText() == "")
    }

    @Test func aChangedBootIdentifierIsReportedAsARestart() async throws {
        let (harness, pump) = try await Harness.scripted(firstSequence: 1)
        let connecting = Task { try await harness.driver.connect() }
        try await pump.answer(with: Document.idenAck0001)
        _ = try await connecting.value

        let polling = Task { try await harness.driver.status() }
        #expect(try await pump.answer(with: Reference.statIdleAckRebooted0002) == Document.statRequest0002)
        let error = try #require(await driverError(polling))
        guard case .pumpRebooted(let name, let previous, let current, let status) = error else {
            Issue.record("expected pumpRebooted, got \(error)")
            return
        }
        #expect(name == "pump 01 on memory-line")
        #expect(previous.description == "5A3C9E01")
        #expect(current.description == "C0FFEE42")
        #expect(status?.state == .idle)
        #expect(error.description.contains("restarted (boot 5A3C9E01 is now C0FFEE42)"))
        #expect(error.description.contains("nothing was restarted"))
        #expect(await harness.driver.bootId?.description == "C0FFEE42")
    }

    @Test func aProgramVerifiedBeforeARestartCannotStartAfterIt() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        let verified = try await harness.driver.programAndVerify(try documentProgram())
        await pump.reboot(newBoot: 0xC0FF_EE42)
        let error = await driverError(Task { try await harness.driver.status() })
        guard case .pumpRebooted = error else {
            Issue.record("expected pumpRebooted, got \(String(describing: error))")
            return
        }
        let start = await driverError(Task { try await harness.driver.start(verified) })
        guard case .staleVerification(_, let detail) = start else {
            Issue.record("expected staleVerification, got \(String(describing: start))")
            return
        }
        #expect(detail.contains("5A3C9E01") && detail.contains("C0FFEE42"))
        #expect(await pump.requestCodes == ["IDEN", "SETP", "READ", "STAT", "STAT"])
    }

    @Test func aRestartBetweenProgrammingAndTheConfirmingStatusIsCaught() async throws {
        // The program is stored on a pump that restarted before SETP (SETP and READ carry no boot identifier):
        // the STAT that closes the verification reveals it, and no VerifiedProgram is produced.
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        await pump.reboot(newBoot: 0xC0FF_EE42)
        let error = await driverError(Task { try await harness.driver.programAndVerify(try documentProgram()) })
        guard case .pumpRebooted(_, let previous, let current, let status) = error else {
            Issue.record("expected pumpRebooted, got \(String(describing: error))")
            return
        }
        #expect(previous.description == "5A3C9E01")
        #expect(current.description == "C0FFEE42")
        #expect(status?.state == .programmed)
        #expect(await pump.requestCodes == ["IDEN", "SETP", "READ", "STAT"])
    }

    @Test func anotherPumpBehindTheLineIsRefused() async throws {
        let pump = ModelPump()
        let harness = try await Harness.model(pump)
        try await harness.driver.connect()
        await pump.set(serial: "SN-999999")
        let error = await driverError(Task { try await harness.driver.identify() })
        #expect(error == .differentPump(
            pump: "pump 01 on memory-line", expectedSerial: "SN-004217", foundSerial: "SN-999999"))
        let status = await driverError(Task { try await harness.driver.status() })
        #expect(status == .notConnected(pump: "pump 01 on memory-line", command: .getStatus))
        #expect(await pump.requestCodes == ["IDEN", "IDEN"])
    }
}
