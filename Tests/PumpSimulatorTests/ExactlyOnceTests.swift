import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// docs/protocol.md §5.3 and §7.6: a request executes at most once, and a program starts at most once per token.
@Suite("§5.3 reply cache, exactly-once START")
struct ExactlyOnceTests {
    @Test func retransmittedStartIsAnsweredFromTheCacheWithTheOriginalStatus() throws {
        var pump = try PumpHarness()
        let token = try pump.program(try program(rate: "360", vtbi: "100"))
        let start = PumpCommand.start(token).frame(address: pumpOne, sequence: SequenceNumber(77)!).encoded()
        let firstReply = pump.exchange(bytes: start)
        let first = try #require(firstReply)
        pump.advance(simulated: .seconds(10))  // 1 mL delivered since
        let againReply = pump.exchange(bytes: start)
        let again = try #require(againReply)
        #expect(again == first)  // byte for byte: vi=0, the moment of execution
        #expect(pump.status.volumeInfusedMl == 1)
        #expect(pump.state == .running)
    }

    @Test func sameSequenceDifferentRequestIsRefusedAndTheCacheKept() throws {
        var pump = try PumpHarness()
        let status = PumpCommand.getStatus.frame(address: pumpOne, sequence: SequenceNumber(5)!).encoded()
        let originalReply = pump.exchange(bytes: status)
        let original = try #require(originalReply)
        let other = PumpCommand.keepAlive.frame(address: pumpOne, sequence: SequenceNumber(5)!).encoded()
        #expect(pump.exchange(bytes: other).map { String(decoding: $0.dropLast(2), as: UTF8.self) }
            == "$01|0005|NAK|KEEP|021|reason=sequenceReused|AAFE")  // CRC: binascii.crc_hqx(covered bytes, 0xFFFF)
        #expect(pump.exchange(bytes: status) == original)
    }

    @Test func crcAndMalformedNaksAreNotCached() throws {
        var pump = try PumpHarness()
        // §14.5: a damaged STAT 0103, then the intact one with the same sequence number is executed.
        #expect(pump.exchange("$01|0103|CMD|STAT|000||319A") == "$01|0103|NAK|STAT|010|reason=crc|9CAA")
        let statReply = pump.exchange("$01|0103|CMD|STAT|000||309A")
        let reply = try #require(statReply)
        #expect(reply.hasPrefix("$01|0103|ACK|STAT|"))
        // A malformed SETP 0111, then a valid SETP 0111 is executed (not sequenceReused).
        #expect(pump.exchange("$01|0111|CMD|SETP|051|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|9973")
            == "$01|0111|NAK|SETP|016|reason=malformed|F164")
        let setProgram = PumpCommand.setProgram(try program(rate: "66.6", vtbi: "100")).frame(address: pumpOne, sequence: SequenceNumber(111)!)
        #expect(pump.exchange(bytes: setProgram.encoded()).map { String(decoding: $0.dropLast(2), as: UTF8.self) }
            == "$01|0111|ACK|SETP|000||F61E")  // CRC: binascii.crc_hqx(b"01|0111|ACK|SETP|000|", 0xFFFF)
    }

    @Test func everyExecutionNakIsCached() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "100", vtbi: "50"))
        pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
        _ = try pump.send(.acknowledgeAlarm)  // acknowledged, door still open: alarm
        let resume = PumpCommand.resume.frame(address: pumpOne, sequence: SequenceNumber(9)!).encoded()
        let refusedReply = pump.exchange(bytes: resume)
        let refused = try #require(refusedReply)
        #expect(String(decoding: refused, as: UTF8.self).contains("reason=wrongState;state=alarm"))
        pump.notices += pump.pump.setCause(.doorOpen, present: false, at: pump.instant)
        #expect(pump.state == .paused)
        // The retransmission gets the cached wrongState, although RESM would now succeed; nothing runs.
        #expect(pump.exchange(bytes: resume) == refused)
        #expect(pump.state == .paused)
    }

    @Test func startWithANewSequenceNumberNeverRunsTheProgramAgain() throws {
        var pump = try PumpHarness()
        let token = try pump.start(try program(rate: "100", vtbi: "50"))
        for state in ["paused", "alarm", "complete"] {
            switch state {
            case "paused": _ = try pump.send(.pause)
            case "alarm":
                _ = try pump.send(.resume)
                pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
            default:
                pump.notices += pump.pump.setCause(.doorOpen, present: false, at: pump.instant)
                _ = try pump.send(.acknowledgeAlarm)
                _ = try pump.send(.resume)
                pump.advance(simulated: .seconds(1800))
            }
            #expect(try pump.nak(.start(token)) == .tokenUsed, "in \(state)")
        }
        _ = try pump.send(.stop)
        #expect(try pump.nak(.start(token)) == .wrongState(.idle))
    }

    @Test func aNewProgramNeverGetsThePreviousToken() throws {
        // The generator offers the same value twice; the pump must draw again.
        var pump = try PumpHarness(generator: ScriptedGenerator([0x0102_0304, 0xAAAA_AAAA, 0xAAAA_AAAA, 0xBBBB_BBBB]))
        let first = try pump.program(try program(rate: "1", vtbi: "1"))
        let second = try pump.program(try program(rate: "2", vtbi: "1"))
        #expect(first == ProgramToken(0xAAAA_AAAA))
        #expect(second == ProgramToken(0xBBBB_BBBB))
    }
}
