import Foundation
import PumpProtocol
import Testing

/// The validated value types and the numbers the document fixes (hard limits, KVO, time remaining).
@Suite struct ValueTests {
    static func program(rate: String = "66.6", vtbi: String = "100", drug: String = "tocilizumab",
                        conc: String = "5.6", wdog: Int = 30) throws(FieldValueError) -> PumpProgram {
        try PumpProgram(
            rateMlPerHour: TestValues.decimal(rate), vtbiMl: TestValues.decimal(vtbi), drugId: drug,
            concentrationMgPerMl: TestValues.decimal(conc), watchdogSeconds: wdog)
    }

    @Test func hardLimitBoundariesAreInclusive() throws {
        _ = try Self.program(rate: "0.1", vtbi: "1")
        _ = try Self.program(rate: "999", vtbi: "9999")
        _ = try Self.program(conc: "0.0001", wdog: 10)
        _ = try Self.program(conc: "1000", wdog: 300)
    }

    @Test(arguments: [
        ("0.09", "100", PayloadKey.rate, ValueProblem.precision), ("999.1", "100", .rate, .range),
        ("66.65", "100", .rate, .precision), ("66.6", "0.9", .vtbi, .range), ("66.6", "9999.1", .vtbi, .range),
        ("66.6", "12.34", .vtbi, .precision), ("-1", "100", .rate, .range),
    ])
    func programInitRefusesWhatThePumpWouldRefuse(rate: String, vtbi: String, key: PayloadKey, problem: ValueProblem) {
        #expect(throws: FieldValueError(field: key, problem: problem)) { try Self.program(rate: rate, vtbi: vtbi) }
    }

    @Test func programInitChecksDrugConcentrationAndWatchdog() {
        #expect(throws: FieldValueError(field: .drug, problem: .length)) { try Self.program(drug: "") }
        #expect(throws: FieldValueError(field: .drug, problem: .syntax)) { try Self.program(drug: "a b") }
        #expect(throws: FieldValueError(field: .conc, problem: .precision)) { try Self.program(conc: "0.00001") }
        #expect(throws: FieldValueError(field: .wdog, problem: .range)) { try Self.program(wdog: 9) }
        #expect(throws: FieldValueError(field: .wdog, problem: .range)) { try Self.program(wdog: 301) }
        #expect(throws: FieldValueError(field: .rate, problem: .syntax)) {
            try PumpProgram(rateMlPerHour: .nan, vtbiMl: 100, drugId: "x", concentrationMgPerMl: 1)
        }
    }

    @Test func programIsEncodedInShortestPlainDecimalText() throws {
        let program = try Self.program(rate: "100.0", vtbi: "250", conc: "5.6000")
        let frame = PumpCommand.setProgram(program).frame(address: TestValues.address(1), sequence: TestValues.sequence(1))
        #expect(frame.value(for: .rate) == "100")
        #expect(frame.value(for: .vtbi) == "250")
        #expect(frame.value(for: .conc) == "5.6")
        #expect(frame.value(for: .wdog) == "30")
    }

    @Test func statusAllowsZeroForNoProgramButNotAFractionalVtbi() throws {
        let boot = BootId(1)
        _ = try PumpStatus(
            state: .idle, rateMlPerHour: 0, vtbiMl: 0, volumeInfusedMl: 0, kvoVolumeMl: 0, timeRemainingSeconds: 0,
            batteryPercent: 0, alarms: [], bootId: boot)
        #expect(throws: FieldValueError(field: .vtbi, problem: .range)) {
            try PumpStatus(
                state: .idle, rateMlPerHour: 0, vtbiMl: TestValues.decimal("0.5"), volumeInfusedMl: 0, kvoVolumeMl: 0,
                timeRemainingSeconds: 0, batteryPercent: 0, alarms: [], bootId: boot)
        }
        #expect(throws: FieldValueError(field: .vi, problem: .precision)) {
            try PumpStatus(
                state: .running, rateMlPerHour: 1, vtbiMl: 10, volumeInfusedMl: TestValues.decimal("1.0001"),
                kvoVolumeMl: 0, timeRemainingSeconds: 0, batteryPercent: 0, alarms: [], bootId: boot)
        }
        #expect(throws: FieldValueError(field: .bat, problem: .range)) {
            try PumpStatus(
                state: .idle, rateMlPerHour: 0, vtbiMl: 0, volumeInfusedMl: 0, kvoVolumeMl: 0, timeRemainingSeconds: 0,
                batteryPercent: 101, alarms: [], bootId: boot)
        }
    }

    @Test func identityTextsAreOneToThirtyTwoPrintableCharacters() {
        let boot = BootId(1)
        #expect(throws: FieldValueError(field: .model, problem: .length)) {
            try PumpIdentity(model: "", serialNumber: "s", firmwareVersion: "f", protocolVersion: .current, bootId: boot)
        }
        #expect(throws: FieldValueError(field: .serial, problem: .syntax)) {
            try PumpIdentity(model: "m", serialNumber: "s\n", firmwareVersion: "f", protocolVersion: .current, bootId: boot)
        }
        #expect(throws: FieldValueError(field: .fw, problem: .length)) {
            try PumpIdentity(
                model: "m", serialNumber: "s", firmwareVersion: String(repeating: "1", count: 17),
                protocolVersion: .current, bootId: boot)
        }
    }

    @Test func tokensAndBootIdsAreEightUpperCaseHexDigits() {
        #expect(ProgramToken(wireText: "9F3B0C2E") == ProgramToken(0x9F3B_0C2E))
        #expect(ProgramToken(0x0000_BEEF).description == "0000BEEF")
        #expect(ProgramToken(wireText: "9f3b0c2e") == nil)
        #expect(ProgramToken(wireText: "9F3B0C2") == nil)
        #expect(BootId(wireText: "5A3C9E01") == BootId(0x5A3C_9E01))
        #expect(BootId(wireText: "5A3C9E0G") == nil)
    }

    @Test func newTokenNeverRepeatsThePreviousOne() {
        // A generator that returns the same value twice, then another: the repeat must be skipped.
        struct Scripted: RandomNumberGenerator {
            var values: [UInt64]
            mutating func next() -> UInt64 { values.removeFirst() }
        }
        var generator = Scripted(values: [0x1111_1111, 0x1111_1111, 0x2222_2222])
        let first = ProgramToken.random(differentFrom: nil, using: &generator)
        let second = ProgramToken.random(differentFrom: first, using: &generator)
        #expect(first != second)
    }

    @Test func protocolVersionTextAndSupport() {
        #expect(ProtocolVersion(wireText: "1.0") == ProtocolVersion.current)
        #expect(ProtocolVersion(wireText: "1.12")?.isSupported == true)
        #expect(ProtocolVersion(wireText: "2.0")?.isSupported == false)
        #expect(ProtocolVersion(wireText: "0.9")?.isSupported == false)
        for bad in ["1", "1.0.0", "01.0", "1.", ".0", "a.b", "1000.0", "1,0", ""] {
            #expect(ProtocolVersion(wireText: bad) == nil, "\(bad)")
        }
    }

    @Test func addressesAndSequenceNumbers() {
        #expect(PumpAddress(99)?.description == "99")
        #expect(PumpAddress(7)?.description == "07")
        #expect(PumpAddress(100) == nil)
        #expect(PumpAddress(-1) == nil)
        #expect(SequenceNumber(9999)?.next == SequenceNumber(0))
        #expect(SequenceNumber(41)?.next.description == "0042")
        #expect(SequenceNumber(10000) == nil)
    }

    @Test func commandCodesAreFourUpperCaseLetters() {
        #expect(CommandCode("STAT") == .getStatus)
        #expect(CommandCode("stat") == nil)
        #expect(CommandCode("STA") == nil)
        #expect(CommandCode("ST4T") == nil)
        #expect(CommandCode.commands.count == 11)
    }

    @Test func payloadKeys() {
        #expect(PayloadKey("a1") != nil)
        #expect(PayloadKey("abcdefghijklmnop") != nil)
        #expect(PayloadKey("abcdefghijklmnopq") == nil)
        #expect(PayloadKey("1a") == nil)
        #expect(PayloadKey("Rate") == nil)
        #expect(PayloadKey("") == nil)
    }

    @Test func motorStoppingAndAdvisoryAlarmsFollowTheDocument() {
        #expect(Set(PumpAlarm.allCases.filter(\.stopsMotor)) == [
            .occlusionDownstream, .occlusionUpstream, .airInLine, .doorOpen, .batteryDepleted, .malfunction,
            .communicationLost,
        ])
        #expect(Set(PumpAlarm.allCases.filter(\.isAdvisory)) == [.lowBattery, .nearEnd])
        #expect(PumpAlarm.allCases.map(\.rawValue) == [
            "occdn", "occup", "air", "door", "battlow", "battdead", "nearend", "complete", "malfunction", "commlost",
        ])
    }

    @Test(arguments: [
        ("100", "12.5", "66.6", 4730),  // ⌈87.5 × 3600 / 66.6⌉ = ⌈4729.73⌉
        ("100", "0", "66.6", 5406),  // ⌈5405.41⌉
        ("100", "100", "66.6", 0),
        ("1", "0", "3", 1200),  // exactly 1200: not rounded up to 1201
        ("9999", "0", "0.1", 359_964_000),
        ("10", "9.999", "999", 1),  // ⌈0.036⌉
    ])
    func timeRemainingIsRoundedUpToWholeSeconds(vtbi: String, vi: String, rate: String, seconds: Int) {
        #expect(
            PumpBehavior.timeRemainingSeconds(
                vtbiMl: TestValues.decimal(vtbi), volumeInfusedMl: TestValues.decimal(vi),
                rateMlPerHour: TestValues.decimal(rate)) == seconds)
    }

    @Test func kvoRateIsOneMlPerHourOrTheLowerProgramRate() {
        #expect(PumpBehavior.kvoRate(programRateMlPerHour: TestValues.decimal("66.6")) == 1)
        #expect(PumpBehavior.kvoRate(programRateMlPerHour: TestValues.decimal("0.5")) == TestValues.decimal("0.5"))
    }

    @Test func reportedVolumeIsTruncatedNotRounded() {
        #expect(PumpBehavior.truncatedVolumeMl(TestValues.decimal("12.34567")) == TestValues.decimal("12.345"))
        #expect(PumpBehavior.truncatedVolumeMl(TestValues.decimal("0.0009")) == 0)
        #expect(PumpBehavior.truncatedVolumeMl(TestValues.decimal("-1")) == 0)
    }

    @Test func timingNumbersOfSection12() {
        #expect(ProtocolTiming.wireTime(byteCount: 512, baudRate: 38400) == .microseconds(133_333))
        #expect(ProtocolTiming.replyTimeout(baudRate: 38400, overTCP: false) == .milliseconds(500))
        #expect(ProtocolTiming.replyTimeout(baudRate: 9600, overTCP: false) == .milliseconds(1000))
        #expect(ProtocolTiming.replyTimeout(baudRate: 115200, overTCP: true) == .milliseconds(1000))
        #expect(ProtocolTiming.keepAliveInterval(watchdogSeconds: 30) == .seconds(10))
        #expect(ProtocolTiming.maximumRetransmissions == 3)
        #expect(WireFormat.maximumPayloadLength == 483)
    }
}
