import PumpProtocol
import Testing

/// `IncomingRequest` (docs/protocol.md §4.3) and `ReplyCache` (§5.3): the pump's handling of what arrives.
@Suite struct PumpSideHelpersTests {
    static let pump = TestValues.address(1)

    static func classify(_ wire: String, pump: PumpAddress = pump) -> IncomingRequest {
        var decoder = FrameDecoder()
        return IncomingRequest(decoder.feed(TestValues.bytes(wire))[0], pumpAddress: pump)
    }

    @Test func validRequestForThisPumpIsARequest() {
        let incoming = Self.classify("$01|0002|CMD|STAT|000||8E84\r\n")
        #expect(incoming == .request(try! Frame(decoding: TestValues.bytes("$01|0002|CMD|STAT|000||8E84\r\n"))))
        #expect(incoming.feedsWatchdog)
    }

    @Test func requestForAnotherPumpIsIgnored() {
        #expect(Self.classify("$42|9999|CMD|STAT|000||5C87\r\n") == .ignore)
    }

    @Test func repliesAndEventsAreNeverAnswered() {
        #expect(Self.classify("$01|0006|ACK|KEEP|000||C354\r\n") == .ignore)
        #expect(Self.classify("$01|0007|NAK|STRT|016|reason=tokenUsed|E3A6\r\n") == .ignore)
    }

    @Test func damagedRequestGetsNakCrcAndDoesNotFeedTheWatchdog() throws {
        let incoming = Self.classify("$01|0103|CMD|STAT|000||319A\r\n")
        #expect(incoming == .damaged(nak: try Frame(decoding: TestValues.bytes("$01|0103|NAK|STAT|010|reason=crc|9CAA\r\n"))))
        #expect(incoming.feedsWatchdog == false)
        // The same damage on a frame for pump 02 is not ours to answer.
        #expect(Self.classify("$01|0103|CMD|STAT|000||319A\r\n", pump: TestValues.address(2)) == .ignore)
    }

    @Test func malformedRequestGetsNakMalformedAndFeedsTheWatchdog() throws {
        let incoming = Self.classify(
            "$01|0111|CMD|SETP|051|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|9973\r\n")
        #expect(incoming == .malformed(nak: try Frame(decoding: TestValues.bytes("$01|0111|NAK|SETP|016|reason=malformed|F164\r\n"))))
        #expect(incoming.feedsWatchdog)
    }

    @Test func unreadableHeaderIsIgnored() {
        #expect(Self.classify("$01|0001|CMD|stat|000||EACB\r\n") == .ignore)
        #expect(Self.classify("$01|0001|CMD|stat|000||0000\r\n") == .ignore)
    }

    @Test func retransmissionIsResentFromTheCacheAndNotExecuted() throws {
        let start = try Frame(decoding: TestValues.bytes("$01|0005|CMD|STRT|014|token=9F3B0C2E|683C\r\n"))
        let ack = try Frame(decoding: TestValues.bytes(
            "$01|0005|ACK|STRT|081|state=running;rate=66.6;vtbi=100;vi=0;kvo=0;rem=5406;bat=87;alarms=;boot=5A3C9E01|169F\r\n"))
        var cache = ReplyCache()
        #expect(cache.decide(for: start) == .execute)
        cache.record(request: start, reply: ack)
        #expect(cache.decide(for: start) == .resend(ack))
        #expect(cache.decide(for: start) == .resend(ack))
    }

    @Test func sameSequenceDifferentRequestIsRefusedAndTheCacheKept() throws {
        let setProgram = try Frame(decoding: TestValues.bytes(
            "$01|0105|CMD|SETP|035|rate=66.6;drug=tocilizumab;conc=5.6|9643\r\n"))
        let nak = try Frame(decoding: TestValues.bytes("$01|0105|NAK|SETP|030|reason=missingField;field=vtbi|C8A6\r\n"))
        let status = try Frame(decoding: TestValues.bytes("$01|0105|CMD|STAT|000||E6F1\r\n"))
        var cache = ReplyCache()
        cache.record(request: setProgram, reply: nak)
        #expect(cache.decide(for: status) == .sequenceReused(
            nak: try Frame(decoding: TestValues.bytes("$01|0105|NAK|STAT|021|reason=sequenceReused|5FCC\r\n"))))
        #expect(cache.decide(for: setProgram) == .resend(nak))  // the earlier request still gets its reply
    }

    @Test func newSequenceNumberIsExecutedEvenForIdenticalContent() throws {
        // START again with a new sequence number is executed (and refused by the token rule, not by the cache).
        let first = try Frame(decoding: TestValues.bytes("$01|0005|CMD|STRT|014|token=9F3B0C2E|683C\r\n"))
        let again = try Frame(decoding: TestValues.bytes("$01|0007|CMD|STRT|014|token=9F3B0C2E|99D1\r\n"))
        var cache = ReplyCache()
        cache.record(request: first, reply: PumpReply.nak(.tokenUsed).frame(answering: first.header))
        #expect(cache.decide(for: again) == .execute)
    }
}
