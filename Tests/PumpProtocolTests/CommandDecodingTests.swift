import PumpProtocol
import Testing

/// The pump side of docs/protocol.md §7.1: a request frame decodes to a command or to the exact NAK the pump sends.
@Suite struct CommandDecodingTests {
    static let good: [(String, String)] = [
        ("rate", "66.6"), ("vtbi", "100"), ("drug", "tocilizumab"), ("conc", "5.6"), ("wdog", "30"),
    ]

    /// A SET PROGRAM request from the good fields with `set` values replaced and `remove` keys left out, built
    /// without the typed API so that values it would refuse can be sent.
    static func setProgram(
        set: [String: String] = [:], remove: Set<String> = [], extra: [(String, String)] = []
    ) -> Frame {
        var fields: [PayloadField] = []
        for (key, value) in good where !remove.contains(key) {
            fields.append(PayloadField(TestValues.key(key), set[key] ?? value))
        }
        fields += extra.map { PayloadField(TestValues.key($0.0), $0.1) }
        return try! Frame(
            address: TestValues.address(3), sequence: TestValues.sequence(40), kind: .command, code: .setProgram,
            fields: fields)
    }

    static func nak(for frame: Frame) -> NakReason? {
        do {
            _ = try PumpCommand(frame: frame)
            return nil
        } catch {
            return error.nakReason
        }
    }

    @Test func goodSetProgramDecodesToTheExactValues() throws {
        let command = try PumpCommand(frame: Self.setProgram())
        let expected = try PumpProgram(
            rateMlPerHour: TestValues.decimal("66.6"), vtbiMl: 100, drugId: "tocilizumab",
            concentrationMgPerMl: TestValues.decimal("5.6"), watchdogSeconds: 30)
        #expect(command == .setProgram(expected))
    }

    @Test func watchdogDefaultsToThirtySecondsWhenAbsent() throws {
        guard case .setProgram(let program) = try PumpCommand(frame: Self.setProgram(remove: ["wdog"])) else {
            Issue.record("not a SET PROGRAM")
            return
        }
        #expect(program.watchdogSeconds == 30)
    }

    @Test(arguments: [
        // rate: hard limits 0.1-999, 1 decimal place, plain decimal text only
        ("rate", "0", ValueProblem.range), ("rate", "0.0", .range), ("rate", "0.09", .precision),
        ("rate", "1000", .range), ("rate", "999.1", .range), ("rate", "abc", .syntax), ("rate", "", .syntax),
        ("rate", "66.65", .precision), ("rate", "66.60", .precision), ("rate", "066.6", .syntax),
        ("rate", "-1", .syntax), ("rate", "+5", .syntax), ("rate", "1e3", .syntax), ("rate", ".5", .syntax),
        ("rate", "5.", .syntax), ("rate", "66,6", .syntax), ("rate", "12abc", .syntax), ("rate", " 5", .syntax),
        ("rate", "1000000000000", .range), ("rate", "1000.55", .precision),
        // vtbi: 1-9999, 1 decimal place
        ("vtbi", "0.9", .range), ("vtbi", "10000", .range), ("vtbi", "250.25", .precision), ("vtbi", "x", .syntax),
        // drug: 1-32 of A-Z a-z 0-9 . _ -
        ("drug", "", .length), ("drug", String(repeating: "a", count: 33), .length), ("drug", "toci lizumab", .syntax),
        ("drug", "tocilizumab/20", .syntax), ("drug", "tocilizumab-é", .syntax),
        // conc: 0.0001-1000, 4 decimal places
        ("conc", "0", .range), ("conc", "0.00001", .precision), ("conc", "1000.1", .range), ("conc", "5,6", .syntax),
        // wdog: whole seconds 10-300
        ("wdog", "9", .range), ("wdog", "301", .range), ("wdog", "30.0", .syntax), ("wdog", "030", .syntax),
    ])
    func badProgramValueIsRefusedNamingTheFieldAndProblem(key: String, value: String, problem: ValueProblem) {
        #expect(
            Self.nak(for: Self.setProgram(set: [key: value]))
                == .badValue(field: TestValues.key(key), problem: problem))
    }

    @Test(arguments: ["rate", "vtbi", "drug", "conc"])
    func missingRequiredFieldIsNamed(key: String) {
        #expect(Self.nak(for: Self.setProgram(remove: [key])) == .missingField(TestValues.key(key)))
    }

    @Test func firstMissingFieldInDocumentOrderIsNamed() {
        #expect(Self.nak(for: Self.setProgram(remove: ["conc", "vtbi"])) == .missingField(.vtbi))
    }

    @Test func valuesAreCheckedOneFieldAtATimeInDocumentOrder() {
        // rate out of range is reported before vtbi's syntax error.
        #expect(
            Self.nak(for: Self.setProgram(set: ["rate": "1000", "vtbi": "abc"]))
                == .badValue(field: .rate, problem: .range))
    }

    @Test func unknownFieldComesBeforeMissingAndBadValues() {
        let frame = Self.setProgram(set: ["rate": "abc"], remove: ["vtbi"], extra: [("bolus", "5")])
        #expect(Self.nak(for: frame) == .unknownField(TestValues.key("bolus")))
    }

    @Test func unknownCommandComesBeforeItsFields() throws {
        let frame = try Frame(
            address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .command,
            code: try #require(CommandCode("BOLU")), fields: [PayloadField(TestValues.key("vol"), "5")])
        #expect(throws: MessageError.unknownCommand(try #require(CommandCode("BOLU")))) { try PumpCommand(frame: frame) }
        #expect(Self.nak(for: frame) == .unknownCommand)
    }

    @Test func eventCodeIsNotACommand() throws {
        let frame = try Frame(
            address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .command, code: .alarmEvent,
            fields: [])
        #expect(Self.nak(for: frame) == .unknownCommand)
    }

    @Test(arguments: [
        CommandCode.identify, .getStatus, .readProgram, .pause, .resume, .stop, .clearVolume, .acknowledgeAlarm,
        .keepAlive,
    ])
    func commandsWithoutFieldsRefuseAnyField(code: CommandCode) throws {
        let frame = try Frame(
            address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .command, code: code,
            fields: [PayloadField(TestValues.key("verbose"), "1")])
        #expect(Self.nak(for: frame) == .unknownField(TestValues.key("verbose")))
    }

    @Test(arguments: [("9f3b0c2e", ValueProblem.syntax), ("9F3B0C2", .syntax), ("9F3B0C2E0", .syntax), ("", .syntax)])
    func startTokenMustBeEightUpperCaseHexDigits(token: String, problem: ValueProblem) throws {
        let frame = try Frame(
            address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .command, code: .start,
            fields: [PayloadField(.token, token)])
        #expect(Self.nak(for: frame) == .badValue(field: .token, problem: problem))
    }

    @Test func startWithoutTokenIsMissingField() throws {
        let frame = try Frame(
            address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .command, code: .start, fields: [])
        #expect(Self.nak(for: frame) == .missingField(.token))
    }

    @Test func replyFrameIsNotACommand() throws {
        let frame = try Frame(
            address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .ack, code: .getStatus, fields: [])
        #expect(throws: MessageError.unexpectedKind(.ack)) { try PumpCommand(frame: frame) }
    }

    @Test func errorMessagesNameTheFieldAndWhatIsAccepted() {
        let error = MessageError.badValue(FieldValueError(field: .rate, problem: .range))
        #expect(error.description.contains("rate"))
        #expect(error.description.contains("0.1 to 999"))
        #expect(NakReason.wrongState(.running).description.contains("running"))
        #expect(NakReason.alarmActive([.airInLine]).description.contains("air in line"))
    }
}
