import Foundation
import PumpProtocol
import Testing

/// Every frame written in docs/protocol.md is checked by the codec, so the document cannot drift from the code.
@Suite struct ProtocolDocumentTests {
    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/protocol.md")

    /// All `$AA|SSSS|KKK|CCCC|LLL|payload|HHHH` texts in the document, with CR LF appended.
    static func documentFrames() throws -> [String] {
        let text = try String(contentsOf: documentURL, encoding: .utf8)
        let pattern = try Regex(#"\$[0-9]{2}\|[0-9]{4}\|[A-Z]{3}\|[A-Z]{4}\|[0-9]{3}\|[^|\s`]*\|[0-9A-F]{4}"#)
        return text.matches(of: pattern).map { String(text[$0.range]) + "\r\n" }
    }

    @Test func everyDocumentedFrameIsValidExceptTheDeliberateLengthMismatch() throws {
        let frames = try Self.documentFrames()
        #expect(frames.count == 55)
        var lengthMismatches = 0
        for wire in frames {
            do {
                let frame = try Frame(decoding: TestValues.bytes(wire))
                #expect(frame.encoded() == TestValues.bytes(wire), "re-encoding \(wire)")
            } catch .malformed(.lengthMismatch(declared: 51, actual: 52), _) {
                lengthMismatches += 1
            } catch {
                Issue.record("documented frame \(wire) does not decode: \(error)")
            }
        }
        #expect(lengthMismatches == 1)  // the §14.5 example of NAK malformed
    }
}
