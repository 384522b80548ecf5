import Foundation
import PumpDriver
import PumpProtocol
import Testing

/// The simulator's `--trace` is the evidence this suite judges the driver by ("tx" = these bytes went on the line),
/// so it must say what really happened to every frame (docs/simulator.md, "Trace": `tx-lost` for a frame lost to
/// "no connection, reboot, unplug").
@Suite("HIL: the simulator's trace as evidence", .timeLimit(.minutes(1)))
struct SimulatorTraceTests {
    /// DEFECT (Simulator/pump-sim/SimulatorServer.swift, `process(_:)`): a reply the pump produced in the same step
    /// as an `unplug` (here `--fault unplug=1@IDEN`, which docs/simulator.md runs "before its reply is transmitted")
    /// is released by `SimulatedLine`, traced `tx`, appended to `outgoing`, and then discarded without a trace record
    /// when `process` applies `output.unplugFor` (`unplug(for:)` → `resetTransmitter()` → `outgoing.removeAll()`).
    /// The driver never receives it (its IDEN fails), yet the trace says it was sent. Expected: `tx-lost
    /// (unplugged)`. The same `resetTransmitter()` discards, untraced, whatever is still in `outgoing` when a TCP
    /// client is dropped (`dropClient()`) or the cable is pulled with bytes waiting for the pacer (`--baud`).
    @Test(arguments: LinkKind.allCases)
    func aReplyDiscardedByAnUnplugIsTracedAsLostNotAsSent(link: LinkKind) async throws {
        let simulator = try await SimulatorChild.launch(link, ["--trace", "--fault", "unplug=1@IDEN"])
        let line = try await PumpLine.open(.endpoint(simulator.endpoint), timing: .protocolDefaults(for: simulator.endpoint))
        let driver = PumpDriver(line: line, address: try #require(PumpAddress(1)))
        await #expect(throws: PumpDriverError.self) { try await driver.connect() }  // no reply reached the driver
        await line.close()
        #expect(await simulator.nextLine(startingWith: "replugged ") != nil)
        await simulator.stopAndCheck()
        let replies = simulator.trace.replies(to: .identify)
        #expect(replies.count == 1)
        #expect(replies.map(\.kind) == ["tx-lost"], "the IDEN reply never left, but the trace records it as \(replies.map(\.kind))")
    }
}
