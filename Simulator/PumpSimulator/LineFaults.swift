import Foundation
import PumpProtocol

/// The faults of the line between the controller and the pumps (the cable, the transmitters), applied to replies
/// as they leave a pump. Events and garbage are not replies and pass unchanged.
struct LineFaults: Sendable {
    /// Wall nanoseconds until which the pumps neither hear nor answer (`silence`).
    var silentUntilWall: Int64?
    /// Replies still to drop (`drop N`).
    var dropCount = 0
    /// Probability in thousandths of a percent (0–100 000) of dropping each reply (`drop P%`).
    var dropPerHundredThousand: Int64 = 0
    /// Replies still to corrupt.
    var corruptCount = 0
    /// Replies still to send twice.
    var duplicateCount = 0
    /// Delay added to each reply while `slowCount` allows it.
    var slowMilliseconds = 0
    /// Replies still to delay; nil means every reply until `slow 0`.
    var slowCount: Int?

    /// What happens to one reply.
    struct Treatment {
        var dropped = false
        var corrupted = false
        var copies = 1
        var delayMilliseconds = 0
        /// True when this reply used up the last `slow` count.
        var slowEnded = false
    }

    func isSilent(atWall wall: Int64) -> Bool {
        silentUntilWall.map { wall < $0 } ?? false
    }

    /// Decides the fate of the next reply and uses up the counts it consumes.
    mutating func treatNextReply(using generator: inout some RandomNumberGenerator) -> Treatment {
        var treatment = Treatment()
        if dropCount > 0 {
            dropCount -= 1
            treatment.dropped = true
            return treatment
        }
        if dropPerHundredThousand > 0, Int64.random(in: 0..<100_000, using: &generator) < dropPerHundredThousand {
            treatment.dropped = true
            return treatment
        }
        if corruptCount > 0 {
            corruptCount -= 1
            treatment.corrupted = true
        }
        if duplicateCount > 0 {
            duplicateCount -= 1
            treatment.copies = 2
        }
        if slowMilliseconds > 0 {
            treatment.delayMilliseconds = slowMilliseconds
            if let remaining = slowCount {
                slowCount = remaining - 1
                if remaining <= 1 {
                    slowMilliseconds = 0
                    slowCount = nil
                    treatment.slowEnded = true
                }
            }
        }
        return treatment
    }

    /// Flips one bit of `frame` inside the CRC-covered bytes, so the receiver sees a bad CRC (§4.2 check 4).
    ///
    /// The bit is the lowest bit of the middle covered byte (the next one if that would make a `$`, which would
    /// change the framing instead of the content): deterministic, so a test knows what it will see.
    static func corrupt(_ frame: [UInt8]) -> [UInt8] {
        let trailer = WireFormat.trailerLength
        guard frame.count > trailer + 1 else { return frame }
        var bytes = frame
        let coveredEnd = bytes.count - trailer
        var index = 1 + (coveredEnd - 1) / 2
        while index < coveredEnd {
            let flipped = bytes[index] ^ 0x01
            if flipped != WireFormat.startByte && flipped != WireFormat.lineFeed && flipped != WireFormat.carriageReturn {
                bytes[index] = flipped
                return bytes
            }
            index += 1
        }
        return bytes
    }
}
