import Foundation
import FuzzSupport
import PumpProtocol

/// Feeds arbitrary bytes to the pump protocol's incremental frame decoder, in chunks whose sizes come from the input
/// itself, as a serial line delivers them, and checks what docs/protocol.md §3-§4 promise:
/// - the receive buffer never holds more than the maximum frame (512 bytes), whatever arrives;
/// - a decoded frame is canonical: re-encoding it gives back exactly bytes that were in the input, and decoding those
///   bytes alone gives the same frame;
/// - the typed layer (command, reply, event) never crashes on a valid frame, and what it accepts re-encodes to the
///   same frame;
/// - the same bytes fed in one piece yield the same frames (chunking never changes what is decoded).
enum FrameDecoderFuzzTarget {
    static func run(_ data: Data) -> FuzzOutcome {
        let bytes = [UInt8](data)
        guard let first = bytes.first else { return .refused(reason: "empty input") }
        let payload = Array(bytes.dropFirst())

        // Chunk sizes 1...16 from the first byte's bits, cycling, so one input explores one chunking.
        var chunked = FrameDecoder()
        var chunkedFrames: [Frame] = []
        var index = 0
        var step = 0
        while index < payload.count {
            let size = 1 + Int((first >> UInt8(step % 4)) & 0x0F)
            step += 1
            let end = min(payload.count, index + size)
            for output in chunked.feed(payload[index..<end]) {
                if case .frame(let frame) = output { chunkedFrames.append(frame) }
            }
            FuzzInvariant.require(chunked.bufferedByteCount <= WireFormat.maximumFrameLength,
                                  "the receive buffer holds \(chunked.bufferedByteCount) bytes, more than a frame")
            index = end
        }
        var whole = FrameDecoder()
        let wholeFrames = whole.feed(payload).compactMap { output -> Frame? in
            if case .frame(let frame) = output { return frame }
            return nil
        }
        FuzzInvariant.require(wholeFrames == chunkedFrames, "chunking changed the decoded frames")

        for frame in wholeFrames {
            let encoded = frame.encoded()
            FuzzInvariant.require(contains(payload, encoded), "a decoded frame does not re-encode to bytes of the input")
            guard let again = try? Frame(decoding: encoded) else {
                FuzzInvariant.fail("a decoded frame's own bytes do not decode")
            }
            FuzzInvariant.require(again == frame, "decoding a frame's bytes gives another frame")
            checkTypedLayer(frame)
        }
        return wholeFrames.isEmpty ? .refused(reason: "no frame") : .accepted(summary: "\(wholeFrames.count) frame(s)")
    }

    private static func checkTypedLayer(_ frame: Frame) {
        switch frame.header.kind {
        case .command:
            if let command = try? PumpCommand(frame: frame) {
                FuzzInvariant.require(command.frame(address: frame.header.address, sequence: frame.header.sequence) == frame,
                                      "a decoded command does not re-encode to its frame")
            }
        case .ack, .nak:
            _ = try? PumpReply(frame: frame)
        case .event:
            _ = try? PumpEvent(frame: frame)
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}
