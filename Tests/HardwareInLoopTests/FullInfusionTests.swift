import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// The whole bedside path against the real simulator, over a pseudo-terminal and over TCP: IDEN, program, read
/// back and compare, START with the read-back token, monitor to completion in accelerated time, STOP, CLRV.
@Suite("HIL: a full infusion", .timeLimit(.minutes(1)))
struct FullInfusionTests {
    @Test(arguments: LinkKind.allCases)
    func hundredMillilitresAtHundredPerHourRunToCompleteThenStopAndClear(link: LinkKind) async throws {
        try await Self.fullInfusion(link, [])
    }

    /// The same with every byte the simulator sends paced at 38400 baud (10 bits per byte, 0.26 ms): replies take
    /// their real wire time (a status reply of about 110 bytes, some 29 ms), as on a real RS-232 line.
    @Test func theSameWithRepliesPacedAtTheRealLineSpeed() async throws {
        try await Self.fullInfusion(.pty, ["--baud", "38400"])
    }

    static func fullInfusion(_ link: LinkKind, _ arguments: [String]) async throws {
        // 100 mL at 100 mL/h take 3600 s of infusion; at --speed 3600 about one wall second.
        let bench = try await DriverBench.start(link, ["--speed", "3600"] + arguments)
        #expect(bench.identity.model == "VP-1 Volumetric (pump-sim)")
        #expect(bench.identity.serialNumber == "SIM-0001")
        #expect(bench.identity.firmwareVersion == "sim-1.0")
        #expect(bench.identity.protocolVersion == .current)
        let boot = bench.identity.bootId

        let program = try DriverBench.tocilizumabProgram()
        let verified = try await bench.driver.programAndVerify(program)
        #expect(verified.program == program)
        #expect(verified.bootId == boot)
        // rem = ⌈(100 − 0) × 3600 / 100⌉ = 3600 s; no motor yet, so rate 0. (The battery is left out: it drains
        // 1 % per simulated hour even idle, i.e. 1 % per wall second at --speed 3600.)
        let programmedLine = try #require(await bench.simulator.nextLine(startingWith: "state 1 programmed"))
        var programmedFields = SimulatorChild.fields(of: programmedLine)
        programmedFields["bat"] = nil
        #expect(programmedFields == ["vi": "0.000", "kvo": "0.000", "rate": "0", "vtbi": "100", "rem": "3600", "alarms": "", "boot": "\(boot)"])

        let running = try await bench.driver.start(verified)
        #expect(running.state == .running)
        #expect(running.rateMlPerHour == 100)
        #expect(running.vtbiMl == 100)
        #expect(running.volumeInfusedMl == 0)  // the ACK describes the instant START executed
        #expect(running.timeRemainingSeconds == 3600)
        #expect(running.bootId == boot)
        bench.startMonitor()

        let complete = try #require(await bench.nextStatus(within: 20) { $0.state == .complete })
        #expect(complete.volumeInfusedMl == 100)
        #expect(complete.vtbiMl == 100)
        #expect(complete.rateMlPerHour == 1)  // KVO: 1 mL/h, the program rate being higher (§10.2)
        #expect(complete.timeRemainingSeconds == 0)
        #expect(complete.alarms == [.infusionComplete])
        #expect(complete.bootId == boot)
        let completeLine = try #require(await bench.simulator.nextLine(startingWith: "state 1 complete"))
        #expect(completeLine.hasPrefix("state 1 complete vi=100.000 kvo="))

        let stopped = try await bench.driver.stop()
        #expect(stopped.state == .idle)
        #expect(stopped.vtbiMl == 0)  // the program is discarded
        #expect(stopped.volumeInfusedMl == 100)  // the volumes stay readable until CLRV (§7.9)
        #expect(stopped.alarms == [])  // complete and nearend disappear with STOP
        let cleared = try await bench.driver.clearVolume()
        #expect(cleared.state == .idle)
        #expect(cleared.volumeInfusedMl == 0)
        #expect(cleared.kvoVolumeMl == 0)

        // Every status the monitor read while the program ran: the volume never went backwards, and never past the VTBI.
        let volumes = bench.updates.all.compactMap { update -> Decimal? in
            if case .status(let status) = update, status.state == .running || status.state == .complete {
                return status.volumeInfusedMl
            }
            return nil
        }
        #expect(volumes == volumes.sorted())
        #expect(volumes.allSatisfy { $0 <= 100 })
        await SessionRules.expectEventsDelivered(bench)
        await bench.finish()

        SessionRules.expectNoLostState(bench)
        SessionRules.expectStartedOnce(bench)
        #expect(bench.driverStates == [.programmed, .running, .complete, .idle])
        // The pump announced near-end (rem ≤ 300 s) and completion, in that order, and both reached the monitor.
        #expect(bench.simulator.trace.events.map(\.kind) == ["tx-event", "tx-event"])
        #expect(bench.simulator.trace.events.compactMap { $0.frame?.value(for: .alarm) } == ["nearend", "complete"])
    }
}
