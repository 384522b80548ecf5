import Foundation
import PropertyBased
import PumpProtocol
import Testing

@testable import PumpSimulator

/// Properties over random inputs: any sequence of commands, faults and time keeps the pump's safety invariants;
/// any bytes and any control text leave the line bounded and alive; volume is exact however time is cut.
@Suite("simulator properties")
struct PropertyTests {
    /// One random step of a session, decoded from an integer: the action (mod 24) and an amount.
    static func apply(_ step: Int, to pump: inout PumpHarness, tokens: inout [ProgramToken], startsPerToken: inout [ProgramToken: Int]) throws {
        let amount = step / 24
        switch step % 24 {
        case 0: _ = try pump.send(.identify)
        case 1: _ = try pump.send(.getStatus)
        case 2, 3:
            let program = try program(rate: "\(1 + amount % 900).\(amount % 10)", vtbi: "\(1 + amount % 20)")
            _ = try pump.send(.setProgram(program))
        case 4:
            if case .ack(.program(let readback)) = try pump.send(.readProgram) { tokens.append(readback.token) }
        case 5, 6:
            let token = tokens.isEmpty ? ProgramToken(UInt32(amount)) : tokens[amount % tokens.count]
            if case .ack = try pump.send(.start(token)) { startsPerToken[token, default: 0] += 1 }
        case 7: _ = try pump.send(.pause)
        case 8: _ = try pump.send(.resume)
        case 9: _ = try pump.send(.stop)
        case 10: _ = try pump.send(.clearVolume)
        case 11: _ = try pump.send(.acknowledgeAlarm)
        case 12: _ = try pump.send(.keepAlive)
        case 13, 14:
            let cause = AlarmCause.allCases[amount % AlarmCause.allCases.count]
            pump.notices += pump.pump.setCause(cause, present: step % 24 == 13, at: pump.instant)
        case 15: pump.notices += pump.pump.setBattery(percent: amount % 101, at: pump.instant)
        case 16:
            pump.notices += pump.pump.reboot(at: pump.instant)
            startsPerToken.removeAll()
            tokens.removeAll()
        case 17, 18, 19: pump.advance(simulated: .seconds(amount % 4000), wall: .seconds(amount % 7))
        default: pump.advance(simulated: .milliseconds(amount), wall: .seconds(amount % 40))
        }
    }

    @Test func anySessionKeepsTheSafetyInvariants() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...2_400_000).array(of: 1...120)) { steps in
            do {
                var pump = try PumpHarness()
                var tokens: [ProgramToken] = []
                var startsPerToken: [ProgramToken: Int] = [:]
                for step in steps {
                    try Self.apply(step, to: &pump, tokens: &tokens, startsPerToken: &startsPerToken)
                    let status = pump.status
                    // A program starts at most once per token within a power-up.
                    #expect(startsPerToken.values.allSatisfy { $0 <= 1 })
                    // Never more than the VTBI; nothing delivered while stopped.
                    if status.state != .idle { #expect(status.volumeInfusedMl <= status.vtbiMl) }
                    switch status.state {
                    case .running, .complete:
                        #expect(status.rateMlPerHour > 0)
                        // The motor never turns with a motor-stopping alarm raised.
                        #expect(status.alarms.allSatisfy { !$0.stopsMotor })
                    case .idle, .programmed, .paused, .alarm:
                        #expect(status.rateMlPerHour == 0)
                    }
                    if status.state == .alarm { #expect(status.alarms.contains { $0.stopsMotor }) }
                    #expect((status.state == .running) == (pump.pump.watchdogDeadlineWallNanoseconds != nil))
                    #expect(status.alarms.contains(.infusionComplete) == (status.state == .complete
                        || (status.vtbiMl > 0 && status.volumeInfusedMl == status.vtbiMl && status.state != .idle)))
                }
            } catch {
                Issue.record("session failed: \(error)")
            }
        }
    }

    @Test func anyBytesLeaveTheLineBoundedAndAnswering() async {
        let noise = Gen<UInt8>.value(in: 0...255).array(of: 0...3000)
        await propertyCheck(count: 150, input: noise) { bytes in
            do {
                var line = try LineHarness()
                for start in stride(from: 0, to: bytes.count, by: 97) {
                    _ = line.receive(Array(bytes[start..<min(bytes.count, start + 97)]))
                    #expect(line.line.decoder.bufferedByteCount <= WireFormat.maximumFrameLength)
                    #expect(line.line.scheduled.reduce(0) { $0 + $1.bytes.count } <= SimulatedLine.maximumScheduledBytes)
                }
                // After the inter-byte timeout, a clean request is answered.
                _ = line.advance(wall: .milliseconds(250))
                #expect(try line.send(.getStatus).isAck)
            } catch {
                Issue.record("line failed: \(error)")
            }
        }
    }

    @Test func anyControlTextGivesAtMostOneVerdict() async {
        let words = Gen.letterOrNumber.string(of: 0...8).array(of: 0...5)
        let verbs = ["fault", "battery", "drop", "slow", "unplug", "status", "reboot", "garbage", ""]
        await propertyCheck(count: 300, input: Gen.int(in: 0...8), words) { verb, parts in
            do {
                var line = try LineHarness()
                let text = [verbs[verb]] + parts
                let reports = line.control(text.joined(separator: " ")).reports.map(\.description)
                let verdicts = reports.filter { $0.hasPrefix("ok ") || $0.hasPrefix("error ") }
                let blank = text.allSatisfy(\.isEmpty)
                #expect(verdicts.count == (blank ? 0 : 1))
                #expect(reports.allSatisfy { !$0.contains("\n") })
            } catch {
                Issue.record("line failed: \(error)")
            }
        }
    }

    @Test func volumeIsExactHoweverTimeIsCut() async {
        let cuts = Gen.int(in: 1...5_000_000_000).array(of: 1...60)
        await propertyCheck(count: 200, input: Gen.int(in: 1...9990), cuts) { rateTenths, pieces in
            do {
                let rate = Decimal(rateTenths) / 10
                let programmed = try PumpProgram(
                    rateMlPerHour: rate, vtbiMl: 9999, drugId: "x", concentrationMgPerMl: 1, watchdogSeconds: 300)
                var stepped = try PumpHarness()
                try stepped.start(programmed)
                var whole = try PumpHarness()
                try whole.start(programmed)
                var total: Int64 = 0
                for piece in pieces {
                    stepped.advance(simulated: .nanoseconds(Int64(piece)))
                    total += Int64(piece)
                }
                whole.advance(simulated: .nanoseconds(total))
                #expect(stepped.status.volumeInfusedMl == whole.status.volumeInfusedMl)
                // rate (tenths of mL/h) × ns / 3.6e13 mL, truncated to 0.001 mL, by integer arithmetic.
                let expectedMicrolitres = Int64(rateTenths) * total / 36_000_000_000
                #expect(whole.status.volumeInfusedMl == Decimal(expectedMicrolitres) / 1000)
            } catch {
                Issue.record("pump failed: \(error)")
            }
        }
    }
}
