import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// A generator that returns the given values first (so a test can fix the boot identifier and tokens, e.g. to
/// those of docs/protocol.md §14), then a fixed sequence. `UInt32.random(in: .min ... .max)` takes the low 32 bits
/// of one `next()`, so a value 0x5A3C9E01 becomes boot identifier `5A3C9E01`.
struct ScriptedGenerator: RandomNumberGenerator, Sendable {
    var values: [UInt64]
    var state: UInt64 = 0x1234_5678

    init(_ values: [UInt64] = []) {
        self.values = values
    }

    mutating func next() -> UInt64 {
        if !values.isEmpty { return values.removeFirst() }
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// The bytes of a frame written as in docs/protocol.md §14 (without the CR LF).
func wire(_ text: String) -> [UInt8] {
    Array(text.utf8) + [0x0D, 0x0A]
}

/// The frame of a document example.
func frame(_ text: String) throws -> Frame {
    try Frame(decoding: wire(text))
}

let pumpOne = PumpAddress(1)!

/// One pump driven the way a controller would: frames in, replies out, with both clocks under the test's control.
struct PumpHarness {
    var pump: SimulatedPump
    var instant = SimulationInstant.start
    var sequence = 0
    /// Every notice the pump produced, in order.
    var notices: [PumpNotice] = []

    init(
        address: PumpAddress = pumpOne, battery: Int = 100, events: Bool = true, generator: ScriptedGenerator = ScriptedGenerator(),
        serial: String = "SN-004217", model: String = "VP-1 Volumetric", firmware: String = "2.3.1"
    ) throws {
        pump = try SimulatedPump(
            configuration: PumpConfiguration(
                address: address, serialNumber: serial, model: model, firmwareVersion: firmware, batteryPercent: battery,
                sendsEvents: events),
            generator: generator)
    }

    var status: PumpStatus { pump.status }
    var state: PumpState { pump.state }

    /// The EVT frames sent so far.
    var events: [Frame] {
        notices.compactMap { if case .event(let frame) = $0 { return frame } else { return nil } }
    }

    /// Moves both clocks forward.
    mutating func advance(simulated: Duration = .zero, wall: Duration = .zero) {
        instant = instant.advanced(wall: wall, simulated: simulated)
        notices += pump.advance(to: instant)
    }

    /// Moves both clocks forward by the same amount (real time).
    mutating func advance(realTime: Duration) {
        advance(simulated: realTime, wall: realTime)
    }

    /// Feeds raw bytes through a decoder as the line would and returns the reply bytes (nil: no reply).
    mutating func exchange(bytes: [UInt8]) -> [UInt8]? {
        var decoder = FrameDecoder()
        var reply: [UInt8]?
        for output in decoder.feed(bytes) {
            let exchange = pump.receive(output, at: instant)
            notices += exchange.notices
            if let frame = exchange.reply { reply = frame.encoded() }
        }
        return reply
    }

    /// Sends a document frame (text without CR LF) and returns the reply as text without CR LF.
    mutating func exchange(_ text: String) -> String? {
        exchange(bytes: wire(text)).map { String(decoding: $0.dropLast(2), as: UTF8.self) }
    }

    /// Sends `command` with the next sequence number and decodes the reply.
    mutating func send(_ command: PumpCommand) throws -> PumpReply {
        sequence = (sequence + 1) % 10000
        let request = command.frame(address: pump.address, sequence: try #require(SequenceNumber(sequence)))
        let bytes = try #require(exchange(bytes: request.encoded()), "no reply to \(request)")
        let reply = try Frame(decoding: bytes)
        #expect(reply.header.answers(request.header))
        return try PumpReply(frame: reply)
    }

    /// The status an ACK carries (fails the test on anything else).
    mutating func sendForStatus(_ command: PumpCommand) throws -> PumpStatus {
        let reply = try send(command)
        guard case .ack(.status(let status)) = reply else {
            Issue.record("expected a status ACK to \(command), got \(reply)")
            throw HarnessError.unexpectedReply
        }
        return status
    }

    /// The NAK reason of the reply (nil when it was an ACK).
    mutating func nak(_ command: PumpCommand) throws -> NakReason? {
        if case .nak(let reason) = try send(command) { return reason }
        return nil
    }

    /// SETP with `program`, READ, and returns the token read back.
    mutating func program(_ program: PumpProgram) throws -> ProgramToken {
        #expect(try send(.setProgram(program)) == .ack(.none))
        guard case .ack(.program(let readback)) = try send(.readProgram) else {
            throw HarnessError.unexpectedReply
        }
        #expect(readback.program == program)
        return readback.token
    }

    /// Programs and starts `program`; returns its token.
    @discardableResult
    mutating func start(_ program: PumpProgram) throws -> ProgramToken {
        let token = try self.program(program)
        #expect(try sendForStatus(.start(token)).state == .running)
        return token
    }
}

enum HarnessError: Error {
    case unexpectedReply
}

/// A program from decimal text (the values are those of the tests' hand calculations).
func program(rate: String, vtbi: String, wdog: Int = 30) throws -> PumpProgram {
    try PumpProgram(
        rateMlPerHour: try #require(Decimal(string: rate)), vtbiMl: try #require(Decimal(string: vtbi)),
        drugId: "tocilizumab", concentrationMgPerMl: try #require(Decimal(string: "5.6")), watchdogSeconds: wdog)
}

/// A decimal from text, for expectations written as in the documents.
func decimal(_ text: String) -> Decimal {
    Decimal(string: text) ?? .nan
}
