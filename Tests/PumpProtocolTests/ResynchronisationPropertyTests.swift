import PropertyBased
import PumpProtocol
import Testing

/// Garbage before, between and after frames, in any chunking, never hides a valid frame (docs/protocol.md §4.1),
/// and the decoder's memory stays bounded whatever it is fed.
@Suite struct ResynchronisationPropertyTests {
    @Test func garbageNeverHidesAFollowingFrame() async {
        await propertyCheck(count: 300, input: ProtocolGen.noisyStream) { stream in
            var decoder = FrameDecoder()
            var received: [Frame] = []
            for chunk in stream.chunks {
                received += decoder.frames(chunk)
                #expect(decoder.bufferedByteCount <= WireFormat.maximumFrameLength)
            }
            #expect(received == stream.frames)
        }
    }

    @Test func anyInputKeepsTheBufferBounded() async {
        let noise = Gen<UInt8>.value(in: 0...255).array(of: 0...4096)
        await propertyCheck(count: 200, input: noise) { bytes in
            var decoder = FrameDecoder()
            for chunk in stride(from: 0, to: bytes.count, by: 173).map({ bytes[$0..<min(bytes.count, $0 + 173)] }) {
                _ = decoder.feed(chunk)
                #expect(decoder.bufferedByteCount <= WireFormat.maximumFrameLength)
            }
            // Whatever came before, a valid frame is received once the line is clean again.
            let frame = PumpCommand.getStatus.frame(address: TestValues.address(1), sequence: TestValues.sequence(1))
            #expect(decoder.frames(frame.encoded()) == [frame])
        }
    }

    @Test func frameSplitAtEveryPositionIsDecodedOnce() {
        let frame = PumpCommand.setProgram(TestValues.fixedProgram).frame(
            address: TestValues.address(12), sequence: TestValues.sequence(345))
        let bytes = frame.encoded()
        for split in 0...bytes.count {
            var decoder = FrameDecoder()
            let outputs = decoder.feed(bytes[..<split]) + decoder.feed(bytes[split...])
            #expect(outputs == [.frame(frame)], "split at \(split)")
        }
    }
}

extension TestValues {
    /// A program for tests that need one, with every drug-id character class.
    static let fixedProgram = try! PumpProgram(
        rateMlPerHour: decimal("120.5"), vtbiMl: decimal("250"), drugId: "TCZ-20mg.mL_1",
        concentrationMgPerMl: decimal("2.4"), watchdogSeconds: 45)
}
