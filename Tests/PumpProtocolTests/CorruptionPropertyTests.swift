import PropertyBased
import PumpProtocol
import Testing

/// Every single-bit error in a frame is detected (docs/protocol.md §3.3, §4): the damaged frame never decodes as a
/// valid frame, and the valid frame sent after it is still received.
@Suite struct CorruptionPropertyTests {
    static let sentinel = PumpCommand.keepAlive.frame(address: TestValues.address(9), sequence: TestValues.sequence(9))

    /// Flips each bit of `frame` in turn; returns the positions where the receiver did not behave.
    static func undetectedFlips(in frame: Frame) -> [Int] {
        let bytes = frame.encoded()
        let sentinelBytes = sentinel.encoded()
        var failures: [Int] = []
        for bit in 0..<(bytes.count * 8) {
            var damaged = bytes
            damaged[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
            var decoder = FrameDecoder()
            if decoder.frames(damaged + sentinelBytes) != [sentinel] { failures.append(bit) }
        }
        return failures
    }

    @Test func everySingleBitFlipOfGeneratedFramesIsDetected() async {
        await propertyCheck(count: 60, input: ProtocolGen.frame) { frame in
            #expect(Self.undetectedFlips(in: frame) == [], "\(frame)")
        }
    }

    @Test(arguments: DocumentExampleTests.examples)
    func everySingleBitFlipOfDocumentedFramesIsDetected(example: DocumentExampleTests.Example) {
        #expect(Self.undetectedFlips(in: example.frame) == [])
    }

    @Test func flipInsideTheCoveredBytesIsReportedAsBadCrc() throws {
        // Bit 0 of the sequence digit '2' (0x32 -> 0x33 '3'): the header still parses, the CRC no longer matches.
        var damaged = TestValues.bytes("$01|0002|CMD|STAT|000||8E84\r\n")
        damaged[7] ^= 1
        var decoder = FrameDecoder()
        let outputs = decoder.feed(damaged)
        guard case .error(.badCrc(let header, 0x8E84, _)) = try #require(outputs.first) else {
            Issue.record("expected a CRC error, got \(outputs)")
            return
        }
        #expect(header?.sequence == TestValues.sequence(3))
    }
}
