import PumpProtocol
import Testing

/// The receiver of docs/protocol.md §4: resynchronisation, bounds, and each check of §4.2 with its verdict.
/// Frames with a correct CRC but a defect were computed with Python's `binascii.crc_hqx(covered, 0xFFFF)`.
@Suite struct FrameDecoderTests {
    static let status = "$01|0002|CMD|STAT|000||8E84\r\n"
    static let keep = "$01|0006|CMD|KEEP|000||D237\r\n"
    static let statusHeader = FrameHeader(
        address: TestValues.address(1), sequence: TestValues.sequence(1), kind: .command, code: .getStatus)

    static func frame(_ wire: String) -> Frame {
        try! Frame(decoding: TestValues.bytes(wire))
    }

    @Test func frameFedOneByteAtATimeIsDecodedOnItsLastByte() {
        var decoder = FrameDecoder()
        let bytes = TestValues.bytes(Self.status)
        for byte in bytes.dropLast() {
            #expect(decoder.feed([byte]).isEmpty)
        }
        #expect(decoder.feed([bytes[bytes.count - 1]]) == [.frame(Self.frame(Self.status))])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func backToBackFramesInOneChunkComeOutInOrder() {
        var decoder = FrameDecoder()
        let outputs = decoder.feed(TestValues.bytes(Self.status + Self.keep + Self.status))
        #expect(outputs == [.frame(Self.frame(Self.status)), .frame(Self.frame(Self.keep)), .frame(Self.frame(Self.status))])
        #expect(decoder.discardedByteCount == 0)
    }

    @Test func garbageAroundFramesIsCountedAndSkipped() {
        var decoder = FrameDecoder()
        // 5 bytes before, 3 between (CR LF and 'x' with no '$'), 4 after.
        let stream = TestValues.bytes("hello" + Self.status + "\r\nx" + Self.keep + "zzzz")
        #expect(decoder.frames(stream) == [Self.frame(Self.status), Self.frame(Self.keep)])
        #expect(decoder.discardedByteCount == 12)
    }

    @Test func dollarInsideACandidateAbandonsItAndStartsAgain() {
        var decoder = FrameDecoder()
        let outputs = decoder.feed(TestValues.bytes("$01|00" + Self.status))
        #expect(outputs == [.error(.incomplete(byteCount: 6)), .frame(Self.frame(Self.status))])
    }

    @Test func candidateWithoutLineFeedIsCutAtTheMaximumLength() {
        var decoder = FrameDecoder()
        var outputs = decoder.feed([0x24] + [UInt8](repeating: 0x41, count: 510))
        #expect(outputs.isEmpty)
        #expect(decoder.bufferedByteCount == 511)
        outputs = decoder.feed([0x41])  // byte 512 is not LF
        #expect(outputs == [.error(.tooLong)])
        #expect(decoder.bufferedByteCount == 0)
        #expect(decoder.hasPartialFrame == false)
        // The rest of the overlong sequence, LF included, is discarded up to the next '$'.
        #expect(decoder.frames(TestValues.bytes("AAAA\r\n" + Self.status)) == [Self.frame(Self.status)])
        #expect(decoder.discardedByteCount == 512 + 6)
    }

    @Test func largestFrameOf512BytesIsAccepted() throws {
        // 483 payload bytes: "x=" and 481 'a'.
        let frame = try Frame(
            address: TestValues.address(7), sequence: TestValues.sequence(7), kind: .ack, code: .getStatus,
            fields: [PayloadField(TestValues.key("x"), String(repeating: "a", count: 481))])
        let bytes = frame.encoded()
        #expect(bytes.count == 512)
        var decoder = FrameDecoder()
        #expect(decoder.feed(bytes) == [.frame(frame)])
    }

    @Test func megabyteOfNoiseNeverBuffersMoreThanOneFrame() {
        var decoder = FrameDecoder()
        var tooLong = 0
        var lcg: UInt32 = 12345
        for _ in 0..<1024 {
            let chunk: [UInt8] = (0..<1024).map { _ in
                lcg = lcg &* 1_103_515_245 &+ 12345
                let byte = UInt8(truncatingIfNeeded: lcg >> 16)
                return byte == 0x0A ? 0x41 : byte  // no LF: only the length bound can end a candidate
            }
            for output in decoder.feed(chunk) where output == .error(.tooLong) { tooLong += 1 }
            #expect(decoder.bufferedByteCount <= 512)
        }
        #expect(decoder.frames(TestValues.bytes(Self.status)) == [Self.frame(Self.status)])
        #expect(decoder.bufferedByteCount == 0)
        #expect(tooLong > 0)  // the length bound, not only '$', ended candidates
    }

    @Test func abandonPartialFrameReportsWhatWasDropped() {
        var decoder = FrameDecoder()
        #expect(decoder.abandonPartialFrame() == nil)
        _ = decoder.feed(TestValues.bytes("$01|0002|CMD"))
        #expect(decoder.hasPartialFrame)
        #expect(decoder.abandonPartialFrame() == .incomplete(byteCount: 12))
        #expect(decoder.frames(TestValues.bytes("|STAT|000||8E84\r\n" + Self.status)) == [Self.frame(Self.status)])
    }

    @Test func badCrcKeepsTheUntrustedHeaderForTheNak() {
        var decoder = FrameDecoder()
        let outputs = decoder.feed(TestValues.bytes("$01|0103|CMD|STAT|000||319A\r\n"))
        let header = FrameHeader(
            address: TestValues.address(1), sequence: TestValues.sequence(103), kind: .command, code: .getStatus)
        #expect(outputs == [.error(.badCrc(header: header, receivedCrc: 0x319A, computedCrc: 0x309A))])
    }

    @Test func badCrcWithUnreadableHeaderHasNoHeader() {
        var decoder = FrameDecoder()
        // Header "stat" (lower case) and a CRC that does not match.
        let outputs = decoder.feed(TestValues.bytes("$01|0001|CMD|stat|000||0000\r\n"))
        #expect(outputs == [.error(.badCrc(header: nil, receivedCrc: 0x0000, computedCrc: 0xEACB))])
    }

    @Test(arguments: [
        ("$01|0002|CMD|STAT|000|8E84\r\n", FrameDefect.tooShort(length: 28)),
        ("$01|0002|CMD|STAT|000||8E84 \n", .missingCarriageReturn),
        ("$01|0002|CMD|STAT|000||8e84\r\n", .badCrcField),
        ("$01|0002|CMD|STAT|000|X8E84\r\n", .badCrcField),
        ("$01|0001|XYZ|STAT|000||8329\r\n", .badHeader(field: "kind")),
        ("$01|0001|CMD|stat|000||EACB\r\n", .badHeader(field: "code")),
        ("$A1|0001|CMD|STAT|000||2057\r\n", .badHeader(field: "address")),
        ("$01-0001|CMD|STAT|000||4297\r\n", .badHeader(field: "separator")),
        ("$01|0001|CMD|STAT|00x||E9C4\r\n", .badHeader(field: "length")),
    ])
    func defectBeforeTheHeaderCanBeTrustedGivesNoHeader(wire: String, defect: FrameDefect) {
        var decoder = FrameDecoder()
        #expect(decoder.feed(TestValues.bytes(wire)) == [.error(.malformed(defect, header: nil))])
    }

    @Test(arguments: [
        ("$01|0001|CMD|STAT|005|a=b c|D409\r\n", PayloadDefect.forbiddenByte(offset: 3, byte: 0x20)),
        ("$01|0001|CMD|STAT|005|a=%41|F934\r\n", .needlessEscape(offset: 2)),
        ("$01|0001|CMD|STAT|005|a=%3b|0A35\r\n", .badEscape(offset: 2)),
        ("$01|0001|CMD|STAT|004|a=%4|CB0F\r\n", .badEscape(offset: 2)),
        ("$01|0001|CMD|STAT|007|a=1;a=2|7B4D\r\n", .duplicateKey(TestValues.key("a"))),
        ("$01|0001|CMD|STAT|008|a=1;;b=2|BD0D\r\n", .emptyField(offset: 4)),
        ("$01|0001|CMD|STAT|004|a=1;|F557\r\n", .emptyField(offset: 4)),
        ("$01|0001|CMD|STAT|003|abc|8471\r\n", .missingEquals(offset: 0)),
        ("$01|0001|CMD|STAT|006|Rate=1|F458\r\n", .invalidKey(offset: 0)),
        ("$01|0001|CMD|STAT|019|abcdefghijklmnopq=1|8FAE\r\n", .invalidKey(offset: 0)),
        ("$01|0001|CMD|STAT|005|a=%C3|48B8\r\n", .invalidUTF8(TestValues.key("a"))),
        ("$01|0001|CMD|STAT|005|a=b=c|A126\r\n", .forbiddenByte(offset: 3, byte: 0x3D)),
    ])
    func payloadDefectWithCorrectCrcKeepsTheHeaderSoThePumpCanNak(wire: String, defect: PayloadDefect) {
        var decoder = FrameDecoder()
        #expect(decoder.feed(TestValues.bytes(wire)) == [.error(.malformed(.badPayload(defect), header: Self.statusHeader))])
    }

    @Test func lengthFieldMustMatchThePayload() {
        var decoder = FrameDecoder()
        let outputs = decoder.feed(TestValues.bytes(
            "$01|0111|CMD|SETP|051|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|9973\r\n"))
        let header = FrameHeader(
            address: TestValues.address(1), sequence: TestValues.sequence(111), kind: .command, code: .setProgram)
        #expect(outputs == [.error(.malformed(.lengthMismatch(declared: 51, actual: 52), header: header))])
    }

    @Test func sixteenCharacterKeyEmptyValueAndEveryEscapeAreAccepted() throws {
        let longKey = try Frame(decoding: TestValues.bytes("$01|0001|CMD|STAT|018|abcdefghijklmnop=1|E5FC\r\n"))
        #expect(longKey.fields == [PayloadField(TestValues.key("abcdefghijklmnop"), "1")])
        let empty = try Frame(decoding: TestValues.bytes("$01|0001|CMD|STAT|002|a=|EA30\r\n"))
        #expect(empty.fields == [PayloadField(TestValues.key("a"), "")])
        let escapes = try Frame(decoding: TestValues.bytes("$01|0001|CMD|STAT|020|a=%25%3B%3D%7C%24%20|4280\r\n"))
        #expect(escapes.value(for: TestValues.key("a")) == "%;=|$ ")
    }

    @Test func frameDecodingInitRefusesAnythingButOneWholeFrame() {
        #expect(throws: FrameDecodeError.incomplete(byteCount: 5)) { try Frame(decoding: TestValues.bytes("x$01\n")) }
        #expect(throws: FrameDecodeError.incomplete(byteCount: 58)) {
            try Frame(decoding: TestValues.bytes(Self.status + Self.status))
        }
        #expect(throws: FrameDecodeError.tooLong) { try Frame(decoding: [UInt8](repeating: 0x24, count: 513)) }
    }
}
