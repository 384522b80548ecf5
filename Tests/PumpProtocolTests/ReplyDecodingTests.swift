import PumpProtocol
import Testing

/// The client side of replies and events: minor-version tolerance, and refusal of anything it cannot trust.
@Suite struct ReplyDecodingTests {
    static let request = FrameHeader(
        address: TestValues.address(1), sequence: TestValues.sequence(2), kind: .command, code: .getStatus)
    static let idleStatus: [(String, String)] = [
        ("state", "idle"), ("rate", "0"), ("vtbi", "0"), ("vi", "0"), ("kvo", "0"), ("rem", "0"), ("bat", "87"),
        ("alarms", ""), ("boot", "5A3C9E01"),
    ]

    static func reply(_ kind: FrameKind, _ code: CommandCode, _ fields: [(String, String)]) -> Frame {
        try! Frame(
            address: TestValues.address(1), sequence: TestValues.sequence(2), kind: kind, code: code,
            fields: fields.map { PayloadField(TestValues.key($0.0), $0.1) })
    }

    static func replacing(_ key: String, with value: String?) -> [(String, String)] {
        idleStatus.compactMap { $0.0 == key ? value.map { v in (key, v) } : $0 }
    }

    @Test func unknownKeysInRepliesAreIgnored() throws {
        let frame = Self.reply(.ack, .getStatus, Self.idleStatus + [("pressure", "12")])
        guard case .ack(.status(let status)) = try PumpReply(frame: frame) else {
            Issue.record("not a status ACK")
            return
        }
        #expect(status.state == .idle)
        #expect(status.batteryPercent == 87)
    }

    @Test func statusFieldsMayComeInAnyOrder() throws {
        let frame = Self.reply(.ack, .getStatus, Self.idleStatus.reversed())
        guard case .ack(.status(let status)) = try PumpReply(frame: frame) else {
            Issue.record("not a status ACK")
            return
        }
        #expect(status.bootId == BootId(0x5A3C_9E01))
    }

    @Test(arguments: [
        ("state", "stopped", ValueProblem.syntax), ("rate", "0.05", .precision), ("vtbi", "0.5", .range),
        ("vi", "10000", .range), ("vi", "1.2345", .precision), ("kvo", "10000", .range), ("rem", "-1", .syntax),
        ("bat", "101", .range), ("alarms", "door,door", .syntax), ("alarms", "door,", .syntax),
        ("alarms", "fire", .syntax), ("boot", "5a3c9e01", .syntax),
    ])
    func statusValueTheClientCannotTrustIsRefused(key: String, value: String, problem: ValueProblem) {
        let frame = Self.reply(.ack, .getStatus, Self.replacing(key, with: value))
        #expect(throws: MessageError.badValue(FieldValueError(field: TestValues.key(key), problem: problem))) {
            try PumpReply(frame: frame)
        }
    }

    @Test func missingStatusFieldIsRefused() {
        #expect(throws: MessageError.missingField(.boot)) {
            try PumpReply(frame: Self.reply(.ack, .getStatus, Self.replacing("boot", with: nil)))
        }
    }

    @Test func alarmsListAcceptsAnyOrder() throws {
        let frame = Self.reply(.ack, .getStatus, Self.replacing("alarms", with: "air,occdn"))
        guard case .ack(.status(let status)) = try PumpReply(frame: frame) else {
            Issue.record("not a status ACK")
            return
        }
        #expect(status.alarms == [.airInLine, .occlusionDownstream])
    }

    @Test func unknownNakReasonIsNotGuessed() {
        #expect(throws: MessageError.badValue(FieldValueError(field: .reason, problem: .syntax))) {
            try PumpReply(frame: Self.reply(.nak, .getStatus, [("reason", "busy")]))
        }
    }

    @Test func nakWithoutItsExtraFieldIsRefused() {
        #expect(throws: MessageError.missingField(.state)) {
            try PumpReply(frame: Self.reply(.nak, .pause, [("reason", "wrongState")]))
        }
    }

    @Test func ackForAnUnknownCodeIsRefused() throws {
        let code = try #require(CommandCode("ZZZZ"))
        #expect(throws: MessageError.unknownCommand(code)) { try PumpReply(frame: Self.reply(.ack, code, [])) }
    }

    @Test func identityWithAnotherMajorVersionDecodesButIsNotSupported() throws {
        let frame = Self.reply(
            .ack, .identify,
            [("model", "VP-1"), ("serial", "S1"), ("fw", "9"), ("proto", "2.0"), ("boot", "00000001")])
        guard case .ack(.identity(let identity)) = try PumpReply(frame: frame) else {
            Issue.record("not an identity ACK")
            return
        }
        #expect(identity.protocolVersion == ProtocolVersion(major: 2, minor: 0))
        #expect(identity.protocolVersion.isSupported == false)
    }

    @Test func replyMatchingFollowsSection5() {
        let ack = FrameHeader(address: TestValues.address(1), sequence: TestValues.sequence(2), kind: .ack, code: .getStatus)
        #expect(ack.answers(Self.request))
        let echo = Self.request
        #expect(echo.answers(Self.request) == false)  // a CMD echo on RS-485 is never the reply
        let otherSequence = FrameHeader(
            address: TestValues.address(1), sequence: TestValues.sequence(3), kind: .nak, code: .getStatus)
        #expect(otherSequence.answers(Self.request) == false)
        let otherPump = FrameHeader(
            address: TestValues.address(2), sequence: TestValues.sequence(2), kind: .ack, code: .getStatus)
        #expect(otherPump.answers(Self.request) == false)
        let event = FrameHeader(
            address: TestValues.address(1), sequence: TestValues.sequence(2), kind: .event, code: .alarmEvent)
        #expect(event.answers(Self.request) == false)
    }

    @Test func eventMustHaveTheAlarmEventCode() throws {
        let frame = Self.reply(.event, .getStatus, [("alarm", "door")] + Self.idleStatus)
        #expect(throws: MessageError.unknownCommand(.getStatus)) { try PumpEvent(frame: frame) }
    }
}
