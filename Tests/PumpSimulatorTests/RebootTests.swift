import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// docs/protocol.md §10.6: program, token, counters, cache and event sequence are volatile; the boot id is new.
@Suite("§10.6 reboot")
struct RebootTests {
    @Test func rebootMidInfusionLosesEverythingVolatile() throws {
        var pump = try PumpHarness(generator: ScriptedGenerator([0x1111_1111, 0x2222_2222, 0x1111_1111, 0x3333_3333]))
        #expect(pump.status.bootId == BootId(0x1111_1111))
        let token = try pump.start(try program(rate: "100", vtbi: "50"))
        pump.advance(simulated: .seconds(360))  // 10 mL
        pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)  // event 0000
        let stat = PumpCommand.getStatus.frame(address: pumpOne, sequence: SequenceNumber(500)!).encoded()
        let beforeReply = pump.exchange(bytes: stat)
        let before = try #require(beforeReply)
        pump.notices += pump.pump.reboot(at: pump.instant)
        // The generator offered the old boot id again: the pump drew another.
        #expect(pump.status.bootId == BootId(0x3333_3333))
        #expect(pump.state == .idle)
        #expect(pump.status.volumeInfusedMl == 0)
        #expect(pump.status.vtbiMl == 0)
        // The door is still open: its alarm is raised again, with an event numbered from 0000.
        #expect(pump.status.alarms == [.doorOpen])
        #expect(pump.events.map(\.sequence.value) == [0, 0])
        // The reply cache is empty: the same STAT bytes are executed anew (new boot id, idle).
        let afterReply = pump.exchange(bytes: stat)
        let after = try #require(afterReply)
        #expect(after != before)
        #expect(String(decoding: after, as: UTF8.self).contains("state=idle"))
        // No program: START of the old token is refused by state.
        #expect(try pump.nak(.start(token)) == .wrongState(.idle))
        #expect(pump.notices.contains(.rebooted(BootId(0x3333_3333))))
    }

    @Test func rebootClearsMalfunctionAndCommlost() throws {
        var pump = try PumpHarness()
        try pump.start(try program(rate: "100", vtbi: "50"))
        pump.advance(realTime: .seconds(31))
        pump.notices += pump.pump.setCause(.malfunction, present: true, at: pump.instant)
        #expect(pump.status.alarms == [.malfunction, .communicationLost])
        pump.notices += pump.pump.reboot(at: pump.instant)
        #expect(pump.status.alarms.isEmpty)
        #expect(pump.pump.presentCauses.isEmpty)
    }

    @Test func batteryLevelSurvivesAReboot() throws {
        var pump = try PumpHarness(battery: 4)
        #expect(pump.status.alarms == [.lowBattery, .batteryDepleted])
        pump.notices += pump.pump.reboot(at: pump.instant)
        #expect(pump.status.batteryPercent == 4)
        #expect(pump.status.alarms == [.lowBattery, .batteryDepleted])
    }
}
