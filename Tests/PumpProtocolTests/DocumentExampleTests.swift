import Foundation
import PumpProtocol
import Testing

/// The worked examples of docs/protocol.md §14, byte for byte. The wire texts were produced by the document's
/// independent Python reference encoder (appendix A), not by this codec.
@Suite struct DocumentExampleTests {
    static let boot = BootId(0x5A3C9E01)
    static let token = ProgramToken(0x9F3B0C2E)
    static let program = try! PumpProgram(
        rateMlPerHour: TestValues.decimal("66.6"), vtbiMl: 100, drugId: "tocilizumab",
        concentrationMgPerMl: TestValues.decimal("5.6"), watchdogSeconds: 30)
    static let pump = TestValues.address(1)

    static func status(
        _ state: PumpState, rate: String, vtbi: String, vi: String, kvo: String, rem: Int, bat: Int,
        alarms: Set<PumpAlarm> = []
    ) -> PumpStatus {
        try! PumpStatus(
            state: state, rateMlPerHour: TestValues.decimal(rate), vtbiMl: TestValues.decimal(vtbi),
            volumeInfusedMl: TestValues.decimal(vi), kvoVolumeMl: TestValues.decimal(kvo), timeRemainingSeconds: rem,
            batteryPercent: bat, alarms: alarms, bootId: boot)
    }

    static func request(_ sequence: Int, _ code: CommandCode) -> FrameHeader {
        FrameHeader(address: pump, sequence: TestValues.sequence(sequence), kind: .command, code: code)
    }

    /// A documented frame and the typed message it must be.
    struct Example: Sendable, CustomTestStringConvertible {
        enum Message: Sendable, Equatable {
            case command(PumpCommand, sequence: Int)
            case reply(PumpReply, answering: FrameHeader)
            case event(PumpEvent, sequence: Int)
        }

        let wire: String
        let message: Message
        var testDescription: String { String(wire.prefix(23)) }

        var frame: Frame {
            switch message {
            case .command(let command, let sequence):
                return command.frame(address: DocumentExampleTests.pump, sequence: TestValues.sequence(sequence))
            case .reply(let reply, let header):
                return reply.frame(answering: header)
            case .event(let event, let sequence):
                return event.frame(address: DocumentExampleTests.pump, sequence: TestValues.sequence(sequence))
            }
        }

        func decoded(_ frame: Frame) throws -> Message {
            switch message {
            case .command(_, let sequence): return .command(try PumpCommand(frame: frame), sequence: sequence)
            case .reply(_, let header): return .reply(try PumpReply(frame: frame), answering: header)
            case .event(_, let sequence): return .event(try PumpEvent(frame: frame), sequence: sequence)
            }
        }
    }

    static let examples: [Example] = [
        // §14.1
        Example(wire: "$01|0001|CMD|IDEN|000||B133\r\n", message: .command(.identify, sequence: 1)),
        Example(
            wire: "$01|0001|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=1.0;boot=5A3C9E01|683C\r\n",
            message: .reply(
                .ack(.identity(try! PumpIdentity(
                    model: "VP-1 Volumetric", serialNumber: "SN-004217", firmwareVersion: "2.3.1",
                    protocolVersion: .current, bootId: boot))),
                answering: request(1, .identify))),
        Example(wire: "$01|0002|CMD|STAT|000||8E84\r\n", message: .command(.getStatus, sequence: 2)),
        Example(
            wire: "$01|0002|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|5FA5\r\n",
            message: .reply(
                .ack(.status(status(.idle, rate: "0", vtbi: "0", vi: "0", kvo: "0", rem: 0, bat: 87))),
                answering: request(2, .getStatus))),
        Example(
            wire: "$01|0003|CMD|SETP|052|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|5B85\r\n",
            message: .command(.setProgram(program), sequence: 3)),
        Example(wire: "$01|0003|ACK|SETP|000||0301\r\n", message: .reply(.ack(.none), answering: request(3, .setProgram))),
        Example(wire: "$01|0004|CMD|READ|000||D32F\r\n", message: .command(.readProgram, sequence: 4)),
        Example(
            wire: "$01|0004|ACK|READ|067|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30;token=9F3B0C2E|3B1B\r\n",
            message: .reply(
                .ack(.program(ProgramReadback(program: program, token: token))), answering: request(4, .readProgram))),
        Example(wire: "$01|0005|CMD|STRT|014|token=9F3B0C2E|683C\r\n", message: .command(.start(token), sequence: 5)),
        Example(
            wire: "$01|0005|ACK|STRT|081|state=running;rate=66.6;vtbi=100;vi=0;kvo=0;rem=5406;bat=87;alarms=;boot=5A3C9E01|169F\r\n",
            message: .reply(
                .ack(.status(status(.running, rate: "66.6", vtbi: "100", vi: "0", kvo: "0", rem: 5406, bat: 87))),
                answering: request(5, .start))),
        Example(wire: "$01|0006|CMD|KEEP|000||D237\r\n", message: .command(.keepAlive, sequence: 6)),
        Example(wire: "$01|0006|ACK|KEEP|000||C354\r\n", message: .reply(.ack(.none), answering: request(6, .keepAlive))),
        // §14.2
        Example(wire: "$01|0007|CMD|STRT|014|token=9F3B0C2E|99D1\r\n", message: .command(.start(token), sequence: 7)),
        Example(wire: "$01|0007|NAK|STRT|016|reason=tokenUsed|E3A6\r\n", message: .reply(.nak(.tokenUsed), answering: request(7, .start))),
        // §14.3
        Example(
            wire: "$01|0000|EVT|ALRM|094|alarm=door;state=alarm;rate=0;vtbi=100;vi=12.5;kvo=0;rem=4730;bat=86;alarms=door;boot=5A3C9E01|32C9\r\n",
            message: .event(
                PumpEvent(
                    alarm: .doorOpen,
                    status: status(.alarm, rate: "0", vtbi: "100", vi: "12.5", kvo: "0", rem: 4730, bat: 86, alarms: [.doorOpen])),
                sequence: 0)),
        Example(wire: "$01|0008|CMD|ALAK|000||8D68\r\n", message: .command(.acknowledgeAlarm, sequence: 8)),
        Example(
            wire: "$01|0008|ACK|ALAK|080|state=paused;rate=0;vtbi=100;vi=12.5;kvo=0;rem=4730;bat=86;alarms=;boot=5A3C9E01|4FC6\r\n",
            message: .reply(
                .ack(.status(status(.paused, rate: "0", vtbi: "100", vi: "12.5", kvo: "0", rem: 4730, bat: 86))),
                answering: request(8, .acknowledgeAlarm))),
        Example(wire: "$01|0009|CMD|RESM|000||DE5E\r\n", message: .command(.resume, sequence: 9)),
        Example(
            wire: "$01|0009|ACK|RESM|084|state=running;rate=66.6;vtbi=100;vi=12.5;kvo=0;rem=4730;bat=86;alarms=;boot=5A3C9E01|8EC0\r\n",
            message: .reply(
                .ack(.status(status(.running, rate: "66.6", vtbi: "100", vi: "12.5", kvo: "0", rem: 4730, bat: 86))),
                answering: request(9, .resume))),
        // §14.4
        Example(wire: "$01|0010|CMD|STAT|000||6B79\r\n", message: .command(.getStatus, sequence: 10)),
        Example(
            wire: "$01|0010|ACK|STAT|090|state=complete;rate=1;vtbi=100;vi=100;kvo=0.275;rem=0;bat=80;alarms=complete;boot=5A3C9E01|CF59\r\n",
            message: .reply(
                .ack(.status(status(
                    .complete, rate: "1", vtbi: "100", vi: "100", kvo: "0.275", rem: 0, bat: 80, alarms: [.infusionComplete]))),
                answering: request(10, .getStatus))),
        Example(wire: "$01|0011|CMD|STOP|000||F1AC\r\n", message: .command(.stop, sequence: 11)),
        Example(
            wire: "$01|0011|ACK|STOP|076|state=idle;rate=0;vtbi=0;vi=100;kvo=0.275;rem=0;bat=80;alarms=;boot=5A3C9E01|4AE8\r\n",
            message: .reply(
                .ack(.status(status(.idle, rate: "0", vtbi: "0", vi: "100", kvo: "0.275", rem: 0, bat: 80))),
                answering: request(11, .stop))),
        Example(wire: "$01|0012|CMD|CLRV|000||3289\r\n", message: .command(.clearVolume, sequence: 12)),
        Example(
            wire: "$01|0012|ACK|CLRV|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=80;alarms=;boot=5A3C9E01|D438\r\n",
            message: .reply(
                .ack(.status(status(.idle, rate: "0", vtbi: "0", vi: "0", kvo: "0", rem: 0, bat: 80))),
                answering: request(12, .clearVolume))),
        // §14.5 (the NAKs; their requests are checked by the pump-side tests below)
        Example(wire: "$01|0101|NAK|SETP|040|reason=badValue;field=rate;problem=range|6F0C\r\n",
            message: .reply(.nak(.badValue(field: .rate, problem: .range)), answering: request(101, .setProgram))),
        Example(wire: "$01|0102|CMD|PAUS|000||F8D4\r\n", message: .command(.pause, sequence: 102)),
        Example(wire: "$01|0102|NAK|PAUS|030|reason=wrongState;state=paused|18E7\r\n",
            message: .reply(.nak(.wrongState(.paused)), answering: request(102, .pause))),
        Example(wire: "$01|0103|NAK|STAT|010|reason=crc|9CAA\r\n", message: .reply(.nak(.badCrc), answering: request(103, .getStatus))),
        Example(wire: "$01|0105|NAK|SETP|030|reason=missingField;field=vtbi|C8A6\r\n",
            message: .reply(.nak(.missingField(.vtbi)), answering: request(105, .setProgram))),
        Example(wire: "$01|0105|CMD|STAT|000||E6F1\r\n", message: .command(.getStatus, sequence: 105)),
        Example(wire: "$01|0105|NAK|STAT|021|reason=sequenceReused|5FCC\r\n",
            message: .reply(.nak(.sequenceReused), answering: request(105, .getStatus))),
        Example(wire: "$01|0106|CMD|RESM|000||916E\r\n", message: .command(.resume, sequence: 106)),
        Example(wire: "$01|0106|NAK|RESM|035|reason=alarmActive;alarms=occdn,air|DBDC\r\n",
            message: .reply(.nak(.alarmActive([.occlusionDownstream, .airInLine])), answering: request(106, .resume))),
        Example(wire: "$01|0107|CMD|SETP|052|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|62BC\r\n",
            message: .command(.setProgram(program), sequence: 107)),
        Example(wire: "$01|0107|NAK|SETP|023|reason=volumeNotCleared|CCA1\r\n",
            message: .reply(.nak(.volumeNotCleared), answering: request(107, .setProgram))),
        Example(wire: "$01|0108|CMD|STRT|014|token=0000BEEF|4567\r\n", message: .command(.start(ProgramToken(0x0000_BEEF)), sequence: 108)),
        Example(wire: "$01|0108|NAK|STRT|020|reason=tokenMismatch|5BF7\r\n",
            message: .reply(.nak(.tokenMismatch), answering: request(108, .start))),
        Example(wire: "$01|0109|NAK|STAT|033|reason=unknownField;field=verbose|115C\r\n",
            message: .reply(.nak(.unknownField(TestValues.key("verbose"))), answering: request(109, .getStatus))),
        Example(wire: "$01|0110|NAK|SETP|044|reason=badValue;field=rate;problem=precision|DAC6\r\n",
            message: .reply(.nak(.badValue(field: .rate, problem: .precision)), answering: request(110, .setProgram))),
        Example(wire: "$01|0111|NAK|SETP|016|reason=malformed|F164\r\n",
            message: .reply(.nak(.malformed), answering: request(111, .setProgram))),
    ]

    @Test(arguments: examples)
    func typedMessageEncodesToTheDocumentedBytes(example: Example) {
        #expect(example.frame.encoded() == TestValues.bytes(example.wire))
    }

    @Test(arguments: examples)
    func documentedBytesDecodeToTheTypedMessage(example: Example) throws {
        let frame = try Frame(decoding: TestValues.bytes(example.wire))
        #expect(frame == example.frame)
        #expect(try example.decoded(frame) == example.message)
    }

    @Test func unknownCommandNakEchoesTheUnknownCode() throws {
        let bolu = try #require(CommandCode("BOLU"))
        let header = FrameHeader(address: Self.pump, sequence: TestValues.sequence(104), kind: .command, code: bolu)
        #expect(
            PumpReply.nak(.unknownCommand).frame(answering: header).encoded()
                == TestValues.bytes("$01|0104|NAK|BOLU|021|reason=unknownCommand|8AFA\r\n"))
    }

    @Test func sequenceWrapExampleForAddress42() {
        let last = TestValues.sequence(9999)
        #expect(
            PumpCommand.getStatus.frame(address: TestValues.address(42), sequence: last).encoded()
                == TestValues.bytes("$42|9999|CMD|STAT|000||5C87\r\n"))
        #expect(
            PumpCommand.getStatus.frame(address: TestValues.address(42), sequence: last.next).encoded()
                == TestValues.bytes("$42|0000|CMD|STAT|000||FA33\r\n"))
    }

    // MARK: Pump side of §14.5: documented request bytes -> decoder -> command decoder -> documented NAK bytes.

    /// What the codec gives a pump for one received request: the reply frame it must send, or nil for silence.
    static func pumpReply(to wire: String) -> Frame? {
        var decoder = FrameDecoder()
        let outputs = decoder.feed(TestValues.bytes(wire))
        guard outputs.count == 1, let output = outputs.first else { return nil }
        switch output {
        case .frame(let frame):
            do {
                _ = try PumpCommand(frame: frame)
                return nil  // valid: the answer depends on the pump's state, not the codec
            } catch {
                return PumpReply.nak(error.nakReason).frame(answering: frame.header)
            }
        case .error(.badCrc(.some(let header), _, _)) where header.kind == .command:
            return PumpReply.nak(.badCrc).frame(answering: header)
        case .error(.malformed(_, .some(let header))) where header.kind == .command:
            return PumpReply.nak(.malformed).frame(answering: header)
        case .error:
            return nil
        }
    }

    @Test(arguments: [
        ("$01|0101|CMD|SETP|052|rate=1000;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|9E17\r\n",
         "$01|0101|NAK|SETP|040|reason=badValue;field=rate;problem=range|6F0C\r\n"),
        ("$01|0103|CMD|STAT|000||319A\r\n", "$01|0103|NAK|STAT|010|reason=crc|9CAA\r\n"),
        ("$01|0104|CMD|BOLU|005|vol=5|57F3\r\n", "$01|0104|NAK|BOLU|021|reason=unknownCommand|8AFA\r\n"),
        ("$01|0105|CMD|SETP|035|rate=66.6;drug=tocilizumab;conc=5.6|9643\r\n",
         "$01|0105|NAK|SETP|030|reason=missingField;field=vtbi|C8A6\r\n"),
        ("$01|0109|CMD|STAT|009|verbose=1|9D90\r\n", "$01|0109|NAK|STAT|033|reason=unknownField;field=verbose|115C\r\n"),
        ("$01|0110|CMD|SETP|045|rate=66.65;vtbi=100;drug=tocilizumab;conc=5.6|FFAF\r\n",
         "$01|0110|NAK|SETP|044|reason=badValue;field=rate;problem=precision|DAC6\r\n"),
        ("$01|0111|CMD|SETP|051|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|9973\r\n",
         "$01|0111|NAK|SETP|016|reason=malformed|F164\r\n"),
    ])
    func documentedRefusalIsProducedFromTheDocumentedRequest(request: String, nak: String) throws {
        let reply = try #require(Self.pumpReply(to: request))
        #expect(reply.encoded() == TestValues.bytes(nak))
    }
}
