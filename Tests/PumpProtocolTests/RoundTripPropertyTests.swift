import PropertyBased
import PumpProtocol
import Testing

/// Typed value -> frame -> bytes -> decoder -> frame -> typed value is the identity, for generated values
/// (including identity texts full of reserved characters and spaces, so escaping is exercised).
@Suite struct RoundTripPropertyTests {
    static func redecode(_ frame: Frame) throws -> Frame {
        var decoder = FrameDecoder()
        let outputs = decoder.feed(frame.encoded())
        guard outputs.count == 1, case .frame(let decoded) = outputs[0] else {
            throw RoundTripFailure(outputs: outputs)
        }
        return decoded
    }

    struct RoundTripFailure: Error {
        let outputs: [FrameDecoder.Output]
    }

    @Test func everyCommandSurvivesTheWire() async {
        await propertyCheck(count: 300, input: zip(ProtocolGen.command, ProtocolGen.address, ProtocolGen.sequence)) {
            command, address, sequence in
            let frame = command.frame(address: address, sequence: sequence)
            let decoded = try Self.redecode(frame)
            #expect(decoded == frame)
            #expect(try PumpCommand(frame: decoded) == command)
        }
    }

    @Test func everyReplySurvivesTheWire() async {
        await propertyCheck(count: 300, input: zip(ProtocolGen.reply, ProtocolGen.address, ProtocolGen.sequence)) {
            replyCase, address, sequence in
            let request = FrameHeader(address: address, sequence: sequence, kind: .command, code: replyCase.code)
            let frame = replyCase.reply.frame(answering: request)
            let decoded = try Self.redecode(frame)
            #expect(decoded.header.answers(request))
            #expect(try PumpReply(frame: decoded) == replyCase.reply)
        }
    }

    @Test func everyStatusSurvivesTheWire() async {
        await propertyCheck(count: 300, input: ProtocolGen.status) { status in
            let request = FrameHeader(
                address: TestValues.address(5), sequence: TestValues.sequence(5), kind: .command, code: .getStatus)
            let decoded = try Self.redecode(PumpReply.ack(.status(status)).frame(answering: request))
            #expect(try PumpReply(frame: decoded) == .ack(.status(status)))
        }
    }

    @Test func everyIdentitySurvivesTheWire() async {
        await propertyCheck(count: 300, input: ProtocolGen.identity) { identity in
            let request = FrameHeader(
                address: TestValues.address(5), sequence: TestValues.sequence(5), kind: .command, code: .identify)
            let decoded = try Self.redecode(PumpReply.ack(.identity(identity)).frame(answering: request))
            #expect(try PumpReply(frame: decoded) == .ack(.identity(identity)))
        }
    }

    @Test func everyEventSurvivesTheWire() async {
        await propertyCheck(count: 200, input: zip(ProtocolGen.event, ProtocolGen.address, ProtocolGen.sequence)) {
            event, address, sequence in
            let decoded = try Self.redecode(event.frame(address: address, sequence: sequence))
            #expect(decoded.kind == .event)
            #expect(decoded.sequence == sequence)
            #expect(try PumpEvent(frame: decoded) == event)
        }
    }

    @Test func decodedBytesReEncodeIdentically() async {
        // The wire form is canonical: equal frames are equal bytes (what the reply cache relies on).
        await propertyCheck(count: 300, input: ProtocolGen.frame) { frame in
            let bytes = frame.encoded()
            let decoded = try Frame(decoding: bytes)
            #expect(decoded == frame)
            #expect(decoded.encoded() == bytes)
        }
    }

    @Test func arbitraryUnicodeValuesSurviveEscaping() async {
        let scalars = Gen<Unicode.Scalar>.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 0...40)
            .map { String(String.UnicodeScalarView($0)) }
        await propertyCheck(count: 300, input: scalars) { value in
            let frame = try Frame(
                address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .ack, code: .identify,
                fields: [PayloadField(.model, value), PayloadField(.serial, "x")])
            #expect(try Self.redecode(frame).value(for: .model) == value)
        }
    }
}
