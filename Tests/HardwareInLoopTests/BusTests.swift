import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// Two pumps on one line (an RS-485 bus: `pump-sim --address 1 --address 2`), one driver each on one shared
/// `PumpLine`, both monitored: one request outstanding on the whole line (docs/protocol.md §5.1), the bus turnaround
/// kept (§12), no events on a bus (§2), and a fault on one pump leaves the other alone.
@Suite("HIL: two pumps on one bus", .timeLimit(.minutes(1)))
struct BusTests {
    @Test func twoPumpsShareTheLineOneRequestAtATimeAndAFaultStaysWithItsPump() async throws {
        let one = try await DriverBench.start(.pty, ["--speed", "60", "--address", "1", "--address", "2", "--serial", "BUS"])
        let two = try await one.joining(address: 2)
        #expect(one.identity.serialNumber == "BUS-01")
        #expect(two.identity.serialNumber == "BUS-02")
        #expect(one.identity.bootId != two.identity.bootId)
        one.startMonitor()
        two.startMonitor()

        _ = try await two.programAndStart(try DriverBench.tocilizumabProgram())
        _ = try #require(await two.nextStatus { $0.state == .running && $0.volumeInfusedMl > 0 })
        await one.simulator.expectOK("fault door on 2")
        let alarmed = try #require(await two.nextStatus { $0.state == .alarm })
        #expect(alarmed.alarms == [.doorOpen])
        let frozen = alarmed.volumeInfusedMl
        // Pump 1 never moved, whatever pump 2 did.
        let idle = try #require(await one.skipStatuses(3))
        #expect(idle.state == .idle)
        #expect(idle.alarms == [])
        await one.simulator.expectOK("fault door off 2")
        #expect(try await two.driver.acknowledgeAlarms().state == .paused)
        let resumed = try await two.driver.resume()
        #expect(resumed.state == .running)
        #expect(resumed.volumeInfusedMl == frozen)
        #expect(try await two.driver.stop().state == .idle)

        await two.finish()
        await one.finish()
        for bench in [one, two] {
            #expect(!bench.updates.all.contains { if case .event = $0 { true } else { false } })
            SessionRules.expectNoLostState(bench)
            SessionRules.expectStartedOnce(bench)
        }
        #expect(one.driverStates == [.idle])
        #expect(two.driverStates == [.programmed, .running, .alarm, .paused, .running, .idle])
        let trace = one.simulator.trace
        #expect(trace.events.isEmpty)  // a bus never carries events
        // From the pumps' side of the line: every request is answered before the next one arrives, and the next
        // one arrives at least the 2 ms turnaround after that reply (§12).
        let frames = trace.records.filter { record in
            guard let frame = record.frame else { return false }
            return (record.kind == "rx" && frame.kind == .command) || (record.kind == "tx" && frame.kind != .event)
        }
        var violations: [String] = []
        for (index, record) in frames.enumerated() where record.kind == "rx" {
            guard let request = record.frame else { continue }
            guard index + 1 < frames.count else { break }
            let next = frames[index + 1]
            guard next.kind == "tx", let reply = next.frame, reply.header.answers(request.header) else {
                violations.append("\(record.details) was followed by \(next.kind) \(next.details)")
                continue
            }
            if index + 2 < frames.count, frames[index + 2].microseconds - next.microseconds < 2000 {
                violations.append("\(frames[index + 2].details) came less than 2 ms after \(next.details)")
            }
        }
        #expect(violations == [])
        // Both pumps were served: at least IDEN and the three polls the test waited for, request and reply.
        #expect(frames.filter { $0.frame?.address.value == 1 }.count >= 8)
        #expect(frames.filter { $0.frame?.address.value == 2 }.count >= 8)
    }
}
