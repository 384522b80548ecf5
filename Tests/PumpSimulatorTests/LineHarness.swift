import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// A simulated line driven as the executable drives it, with a client-side decoder for what comes back.
struct LineHarness {
    var line: SimulatedLine
    var instant = SimulationInstant.start
    var sequences: [PumpAddress: Int] = [:]
    /// Everything the line produced, in order.
    var outputs: [LineOutput] = []
    var client = FrameDecoder()

    init(addresses: [Int] = [1], events: Bool? = nil, rules: [ScenarioRule] = [], battery: Int = 100) throws {
        let sendsEvents = events ?? (addresses.count == 1)
        var pumps: [SimulatedPump] = []
        for (index, value) in addresses.enumerated() {
            let address = try #require(PumpAddress(value))
            pumps.append(
                try SimulatedPump(
                    configuration: PumpConfiguration(
                        address: address, serialNumber: "SIM-\(value)", batteryPercent: battery, sendsEvents: sendsEvents),
                    generator: ScriptedGenerator([UInt64(0x1000 + index)])))
        }
        line = SimulatedLine(pumps: pumps, rules: rules, generator: ScriptedGenerator())
    }

    var reports: [String] { outputs.flatMap(\.reports).map(\.description) }

    /// Moves both clocks.
    mutating func advance(simulated: Duration = .zero, wall: Duration = .zero) -> LineOutput {
        instant = instant.advanced(wall: wall, simulated: simulated)
        let output = line.advance(to: instant)
        outputs.append(output)
        return output
    }

    mutating func control(_ text: String) -> LineOutput {
        let output = line.performControlLine(text, at: instant)
        outputs.append(output)
        return output
    }

    mutating func receive(_ bytes: [UInt8]) -> LineOutput {
        let output = line.receive(bytes, at: instant)
        outputs.append(output)
        return output
    }

    /// The request frame for `command` to `address`, with that pump's next sequence number.
    mutating func request(_ command: PumpCommand, to address: Int = 1) throws -> Frame {
        let pump = try #require(PumpAddress(address))
        let next = ((sequences[pump] ?? 0) + 1) % 10000
        sequences[pump] = next
        return command.frame(address: pump, sequence: try #require(SequenceNumber(next)))
    }

    /// What a client decodes from transmitted chunks.
    mutating func decode(_ output: LineOutput) -> [FrameDecoder.Output] {
        output.transmissions.flatMap { client.feed($0) }
    }

    /// The valid frames among the transmitted chunks.
    mutating func frames(_ output: LineOutput) -> [Frame] {
        decode(output).compactMap { if case .frame(let frame) = $0 { return frame } else { return nil } }
    }

    /// Sends `command` and returns the decoded reply transmitted at once (fails when there is none).
    mutating func send(_ command: PumpCommand, to address: Int = 1) throws -> PumpReply {
        let frame = try request(command, to: address)
        let replies = frames(receive(frame.encoded())).filter { $0.header.answers(frame.header) }
        let reply = try #require(replies.first, "no reply to \(frame)")
        return try PumpReply(frame: reply)
    }

    /// Programs, reads back and starts; returns the token.
    @discardableResult
    mutating func start(_ program: PumpProgram, at address: Int = 1) throws -> ProgramToken {
        #expect(try send(.setProgram(program), to: address) == .ack(.none))
        guard case .ack(.program(let readback)) = try send(.readProgram, to: address) else {
            throw HarnessError.unexpectedReply
        }
        guard case .ack(.status(let status)) = try send(.start(readback.token), to: address) else {
            throw HarnessError.unexpectedReply
        }
        #expect(status.state == .running)
        return readback.token
    }

    func pump(_ address: Int) -> SimulatedPump? {
        PumpAddress(address).flatMap { line.pump(at: $0) }
    }
}
