import PumpProtocol
import Testing

/// Building frames: escaping of reserved characters and the refusals of `Frame.init`.
@Suite struct FrameEncodingTests {
    static func frame(_ value: String) throws -> Frame {
        try Frame(
            address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .ack, code: .identify,
            fields: [PayloadField(.model, value)])
    }

    @Test(arguments: [
        ("VP-1 Volumetric", "model=VP-1%20Volumetric"),
        ("a;b=c|d$e%f", "model=a%3Bb%3Dc%7Cd%24e%25f"),
        ("é", "model=%C3%A9"),
        ("tab\there", "model=tab%09here"),
        ("", "model="),
        ("a,b:c!~", "model=a,b:c!~"),
    ])
    func reservedBytesAreEscapedAndNothingElse(value: String, payload: String) throws {
        let frame = try Self.frame(value)
        let text = String(decoding: frame.encoded(), as: UTF8.self)
        #expect(text.contains("|" + payload + "|"))
        #expect(try Frame(decoding: frame.encoded()) == frame)
    }

    @Test func duplicateKeyIsRefused() {
        #expect(throws: FrameError.duplicateKey(.rate)) {
            try Frame(
                address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .command, code: .setProgram,
                fields: [PayloadField(.rate, "1"), PayloadField(.rate, "2")])
        }
    }

    @Test func payloadOver483BytesIsRefused() throws {
        _ = try Self.frame(String(repeating: "a", count: 477))  // "model=" + 477 = 483
        #expect(throws: FrameError.payloadTooLong(length: 484)) { try Self.frame(String(repeating: "a", count: 478)) }
        // Escaping counts: 160 spaces are 480 bytes on the wire.
        #expect(throws: FrameError.payloadTooLong(length: 486)) { try Self.frame(String(repeating: " ", count: 160)) }
    }

    @Test func descriptionShowsTheWireTextForLogs() {
        let frame = PumpCommand.getStatus.frame(address: TestValues.address(1), sequence: TestValues.sequence(2))
        #expect(frame.description == #"$01|0002|CMD|STAT|000||8E84\r\n"#)
    }

    @Test func worstCaseTypedMessagesFitTheMaximumFrame() throws {
        // Every typed message is encoded without a length check; its longest form must fit.
        let boot = BootId(.max)
        let longest = String(repeating: "%", count: 32)  // each '%' becomes 3 bytes
        let identity = try PumpIdentity(
            model: longest, serialNumber: longest, firmwareVersion: String(repeating: "%", count: 16),
            protocolVersion: try #require(ProtocolVersion(major: 999, minor: 999)), bootId: boot)
        let status = try PumpStatus(
            state: .programmed, rateMlPerHour: TestValues.decimal("998.9"), vtbiMl: TestValues.decimal("9998.9"),
            volumeInfusedMl: TestValues.decimal("9998.999"), kvoVolumeMl: TestValues.decimal("9999.999"),
            timeRemainingSeconds: 999_999_999, batteryPercent: 100, alarms: Set(PumpAlarm.allCases), bootId: boot)
        let header = FrameHeader(address: TestValues.address(99), sequence: TestValues.sequence(9999), kind: .command, code: .identify)
        let frames = [
            PumpReply.ack(.identity(identity)).frame(answering: header),
            PumpEvent(alarm: .malfunction, status: status).frame(address: TestValues.address(99), sequence: TestValues.sequence(9999)),
            PumpReply.nak(.alarmActive(Set(PumpAlarm.allCases))).frame(answering: header),
        ]
        for frame in frames {
            let bytes = frame.encoded()
            #expect(bytes.count <= 512)
            #expect(try Frame(decoding: bytes) == frame)
        }
    }
}
