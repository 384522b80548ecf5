import Foundation
import PropertyBased
import PumpProtocol

/// Random protocol values for the property tests, and small helpers shared by the example tests.
///
/// Generators produce only values the protocol accepts (they are inputs to round trips); the refusal tests build
/// their bad frames by hand.
enum TestValues {
    static func address(_ value: Int) -> PumpAddress {
        PumpAddress(value)!
    }

    static func sequence(_ value: Int) -> SequenceNumber {
        SequenceNumber(value)!
    }

    static func key(_ text: String) -> PayloadKey {
        PayloadKey(text)!
    }

    /// The wire bytes of a frame written in a test as text (with real CR LF).
    static func bytes(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }

    /// A decimal written as text in a test: `decimal("66.6")`.
    static func decimal(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
    }

    /// A decimal `units × 10^-scale`, exact.
    static func scaled(_ units: Int, scale: Int) -> Decimal {
        Decimal(sign: .plus, exponent: -scale, significand: Decimal(units))
    }

    // MARK: Random values

    static func randomAddress(_ rng: inout some RandomNumberGenerator) -> PumpAddress {
        address(Int.random(in: PumpAddress.range, using: &rng))
    }

    static func randomSequence(_ rng: inout some RandomNumberGenerator) -> SequenceNumber {
        sequence(Int.random(in: SequenceNumber.range, using: &rng))
    }

    static func randomText(
        _ rng: inout some RandomNumberGenerator, length: ClosedRange<Int>, from alphabet: [Character]
    ) -> String {
        String((0..<Int.random(in: length, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
    }

    static let drugAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
    /// Printable ASCII 0x20–0x7E, including the reserved `$ % ; = |` and space, so escaping is exercised.
    static let printableAlphabet = (0x20...0x7E).map { Character(UnicodeScalar(UInt8($0))) }

    static func randomProgram(_ rng: inout some RandomNumberGenerator) -> PumpProgram {
        try! PumpProgram(
            rateMlPerHour: scaled(Int.random(in: 1...9990, using: &rng), scale: 1),
            vtbiMl: scaled(Int.random(in: 10...99990, using: &rng), scale: 1),
            drugId: randomText(&rng, length: 1...32, from: drugAlphabet),
            concentrationMgPerMl: scaled(Int.random(in: 1...10_000_000, using: &rng), scale: 4),
            watchdogSeconds: Int.random(in: 10...300, using: &rng))
    }

    static func randomAlarms(_ rng: inout some RandomNumberGenerator) -> Set<PumpAlarm> {
        Set(PumpAlarm.allCases.filter { _ in Bool.random(using: &rng) })
    }

    static func randomStatus(_ rng: inout some RandomNumberGenerator) -> PumpStatus {
        let vtbiTenths = Bool.random(using: &rng) ? 0 : Int.random(in: 10...99990, using: &rng)
        return try! PumpStatus(
            state: PumpState.allCases.randomElement(using: &rng)!,
            rateMlPerHour: scaled(Int.random(in: 0...9990, using: &rng), scale: 1),
            vtbiMl: scaled(vtbiTenths, scale: 1),
            volumeInfusedMl: scaled(Int.random(in: 0...9_999_000, using: &rng), scale: 3),
            kvoVolumeMl: scaled(Int.random(in: 0...9_999_999, using: &rng), scale: 3),
            timeRemainingSeconds: Int.random(in: 0...999_999_999, using: &rng),
            batteryPercent: Int.random(in: 0...100, using: &rng),
            alarms: randomAlarms(&rng),
            bootId: BootId(UInt32.random(in: .min ... .max, using: &rng)))
    }

    static func randomIdentity(_ rng: inout some RandomNumberGenerator) -> PumpIdentity {
        try! PumpIdentity(
            model: randomText(&rng, length: 1...32, from: printableAlphabet),
            serialNumber: randomText(&rng, length: 1...32, from: printableAlphabet),
            firmwareVersion: randomText(&rng, length: 1...16, from: printableAlphabet),
            protocolVersion: ProtocolVersion(
                major: Int.random(in: 0...999, using: &rng), minor: Int.random(in: 0...999, using: &rng))!,
            bootId: BootId(UInt32.random(in: .min ... .max, using: &rng)))
    }

    static func randomKey(_ rng: inout some RandomNumberGenerator) -> PayloadKey {
        let first = randomText(&rng, length: 1...1, from: Array("abcdefghijklmnopqrstuvwxyz"))
        let rest = randomText(&rng, length: 0...15, from: Array("abcdefghijklmnopqrstuvwxyz0123456789"))
        return key(first + rest)
    }

    static func randomNakReason(_ rng: inout some RandomNumberGenerator) -> NakReason {
        switch Int.random(in: 0...11, using: &rng) {
        case 0: return .badCrc
        case 1: return .malformed
        case 2: return .sequenceReused
        case 3: return .unknownCommand
        case 4: return .unknownField(randomKey(&rng))
        case 5: return .missingField(randomKey(&rng))
        case 6: return .badValue(field: randomKey(&rng), problem: ValueProblem.allCases.randomElement(using: &rng)!)
        case 7: return .wrongState(PumpState.allCases.randomElement(using: &rng)!)
        case 8: return .tokenMismatch
        case 9: return .tokenUsed
        case 10: return .alarmActive(randomAlarms(&rng))
        default: return .volumeNotCleared
        }
    }

    static func randomCommand(_ rng: inout some RandomNumberGenerator) -> PumpCommand {
        switch Int.random(in: 0...10, using: &rng) {
        case 0: return .identify
        case 1: return .getStatus
        case 2: return .setProgram(randomProgram(&rng))
        case 3: return .readProgram
        case 4: return .start(ProgramToken(UInt32.random(in: .min ... .max, using: &rng)))
        case 5: return .pause
        case 6: return .resume
        case 7: return .stop
        case 8: return .clearVolume
        case 9: return .acknowledgeAlarm
        default: return .keepAlive
        }
    }

    /// A reply and the code of the command it answers, with ACK data that matches the command.
    static func randomReply(_ rng: inout some RandomNumberGenerator) -> (code: CommandCode, reply: PumpReply) {
        let code = CommandCode.commands.randomElement(using: &rng)!
        if Bool.random(using: &rng) { return (code, .nak(randomNakReason(&rng))) }
        switch code {
        case .identify: return (code, .ack(.identity(randomIdentity(&rng))))
        case .readProgram:
            return (code, .ack(.program(ProgramReadback(
                program: randomProgram(&rng), token: ProgramToken(UInt32.random(in: .min ... .max, using: &rng))))))
        case .setProgram, .keepAlive: return (code, .ack(.none))
        default: return (code, .ack(.status(randomStatus(&rng))))
        }
    }

    /// Any encodable frame: a command, a reply or an event.
    static func randomFrame(_ rng: inout some RandomNumberGenerator) -> Frame {
        let address = randomAddress(&rng)
        let sequence = randomSequence(&rng)
        switch Int.random(in: 0...2, using: &rng) {
        case 0:
            return randomCommand(&rng).frame(address: address, sequence: sequence)
        case 1:
            let (code, reply) = randomReply(&rng)
            return reply.frame(answering: FrameHeader(address: address, sequence: sequence, kind: .command, code: code))
        default:
            return PumpEvent(alarm: PumpAlarm.allCases.randomElement(using: &rng)!, status: randomStatus(&rng))
                .frame(address: address, sequence: sequence)
        }
    }

    static func randomBytes(_ rng: inout some RandomNumberGenerator, count: ClosedRange<Int>) -> [UInt8] {
        (0..<Int.random(in: count, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
}

/// Property-test generators built on `TestValues` (no shrinking: the inputs are structured protocol values).
enum ProtocolGen {
    static let command = Generator<PumpCommand, Shrink.None<PumpCommand>>(run: { rng in TestValues.randomCommand(&rng) })
    static let frame = Generator<Frame, Shrink.None<Frame>>(run: { rng in TestValues.randomFrame(&rng) })
    static let status = Generator<PumpStatus, Shrink.None<PumpStatus>>(run: { rng in TestValues.randomStatus(&rng) })
    static let identity = Generator<PumpIdentity, Shrink.None<PumpIdentity>>(run: { rng in
        TestValues.randomIdentity(&rng)
    })
    static let reply = Generator<ReplyCase, Shrink.None<ReplyCase>>(run: { rng in
        let (code, reply) = TestValues.randomReply(&rng)
        return ReplyCase(code: code, reply: reply)
    })
    static let address = Generator<PumpAddress, Shrink.None<PumpAddress>>(run: { rng in TestValues.randomAddress(&rng) })
    static let sequence = Generator<SequenceNumber, Shrink.None<SequenceNumber>>(run: { rng in
        TestValues.randomSequence(&rng)
    })
    static let event = Generator<PumpEvent, Shrink.None<PumpEvent>>(run: { rng in
        PumpEvent(alarm: PumpAlarm.allCases.randomElement(using: &rng)!, status: TestValues.randomStatus(&rng))
    })
    /// Frames separated by random garbage, for resynchronisation.
    static let noisyStream = Generator<NoisyStream, Shrink.None<NoisyStream>>(run: { rng in
        let frames = (0..<Int.random(in: 1...6, using: &rng)).map { _ in TestValues.randomFrame(&rng) }
        var garbage = frames.map { _ in TestValues.randomBytes(&rng, count: 0...300) }
        garbage.append(TestValues.randomBytes(&rng, count: 0...300))
        let chunkSizes = (0..<64).map { _ in Int.random(in: 1...97, using: &rng) }
        return NoisyStream(frames: frames, garbageBefore: garbage, chunkSizes: chunkSizes)
    })
}

/// A reply with the code of the request it answers.
struct ReplyCase: Sendable {
    let code: CommandCode
    let reply: PumpReply
}

/// A byte stream: garbage, frame, garbage, frame, ..., garbage; fed in chunks of the given sizes (cycled).
struct NoisyStream: Sendable {
    let frames: [Frame]
    /// One more element than `frames`: the garbage before each frame, then after the last.
    let garbageBefore: [[UInt8]]
    let chunkSizes: [Int]

    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        for (index, frame) in frames.enumerated() {
            bytes += garbageBefore[index]
            bytes += frame.encoded()
        }
        return bytes + garbageBefore[frames.count]
    }

    var chunks: [ArraySlice<UInt8>] {
        let all = bytes
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while start < all.count {
            let end = min(all.count, start + chunkSizes[index % chunkSizes.count])
            chunks.append(all[start..<end])
            start = end
            index += 1
        }
        return chunks
    }
}

extension FrameDecoder {
    /// Feeds `bytes` and returns only the valid frames.
    mutating func frames(_ bytes: some Sequence<UInt8>) -> [Frame] {
        feed(bytes).compactMap { output in
            if case .frame(let frame) = output { return frame }
            return nil
        }
    }
}
