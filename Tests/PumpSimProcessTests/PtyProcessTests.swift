import Foundation
import Glibc
import PumpProtocol
import TestSupport
import Testing

/// `pump-sim --link PATH` over a real pseudo-terminal, driven by the test's own POSIX client.
@Suite("pump-sim over a pty")
struct PtyProcessTests {
    /// Starts the simulator with a link in a fresh directory; returns it, the link path and the first line.
    static func launch(_ extra: [String] = []) throws -> (SimulatorProcess, String, String) {
        let directory = try RepositoryLayout.temporaryDirectory("pump-sim")
        let link = directory.appendingPathComponent("pump").path
        let simulator = try SimulatorProcess(["--link", link] + extra)
        let first = try #require(simulator.waitForLine { _ in true }, "no first line; stderr: \(simulator.standardError)")
        return (simulator, link, first)
    }

    @Test func linkIsCreatedServedAndRemovedOnSigterm() async throws {
        try await DedicatedThread.run {
            let (simulator, link, first) = try Self.launch()
            #expect(first.hasPrefix("/dev/pts/"))
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == first)
            let client = try WireClient.serial(link)
            guard case .ack(.identity(let identity)) = try client.send(.identify) else {
                Issue.record("IDEN not acknowledged with an identity")
                return
            }
            #expect(identity.protocolVersion == ProtocolVersion.current)
            #expect(identity.serialNumber == "SIM-0001")
            let status = try client.status()
            #expect(status.state == .idle)
            #expect(status.bootId == identity.bootId)
            #expect(status.batteryPercent == 100)
            try client.start(rate: "66.6", vtbi: "100")
            #expect(simulator.waitForLine(startingWith: "state 1 running vi=0.000 kvo=0.000 rate=66.6 vtbi=100 rem=5406 bat=100") != nil)
            #expect(simulator.stop() == 0)
            #expect(!FileManager.default.fileExists(atPath: link))
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil)
        }
    }

    @Test func sigintAlsoStopsCleanly() async throws {
        try await DedicatedThread.run {
            let (simulator, link, _) = try Self.launch()
            #expect(simulator.stop(signal: SIGINT) == 0)
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil)
        }
    }

    @Test func acceleratedInfusionRunsToCompleteInAFewSeconds() async throws {
        try await DedicatedThread.run {
            // 100 mL at 66.6 mL/h = 5405.4 s of infusion; at --speed 3600 about 1.5 s of wall time.
            let (simulator, link, _) = try Self.launch(["--speed", "3600"])
            let client = try WireClient.serial(link)
            let started = Date()
            try client.start(rate: "66.6", vtbi: "100")
            #expect(simulator.waitForLine(startingWith: "alarm 1 raised nearend", within: 20) != nil)
            let complete = simulator.waitForLine(startingWith: "state 1 complete", within: 20)
            #expect(complete?.hasPrefix("state 1 complete vi=100.000 kvo=") == true)
            #expect(Date().timeIntervalSince(started) < 15)
            let status = try client.status()
            #expect(status.state == .complete)
            #expect(status.volumeInfusedMl == 100)
            #expect(status.rateMlPerHour == 1)
            #expect(status.alarms == [.infusionComplete])
            // Events on a point-to-point line: nearend then complete, numbered 0000, 0001.
            _ = client.collect(within: 1) { _ in false }
            let events = client.received.compactMap { output -> PumpEvent? in
                if case .frame(let frame) = output, frame.kind == .event { return try? PumpEvent(frame: frame) }
                return nil
            }
            #expect(events.map(\.alarm).prefix(2) == [.nearEnd, .infusionComplete])
            #expect(simulator.stop() == 0)
        }
    }

    @Test func doorFaultFromTheControlChannel() async throws {
        try await DedicatedThread.run {
            let (simulator, link, _) = try Self.launch()
            let client = try WireClient.serial(link)
            try client.start(rate: "100", vtbi: "50")
            simulator.control("fault door on 1")
            #expect(simulator.waitForLine("ok fault door on 1"))
            let eventOutputs = client.collect(within: 3) { $0.contains { if case .frame(let f) = $0 { return f.kind == .event } else { return false } } }
            let event = eventOutputs.compactMap { output -> PumpEvent? in
                if case .frame(let frame) = output, frame.kind == .event { return try? PumpEvent(frame: frame) }
                return nil
            }.first
            #expect(event?.alarm == .doorOpen)
            #expect(event?.status.state == .alarm)
            #expect(try client.status().state == .alarm)
            simulator.control("fault door off 1")
            #expect(simulator.waitForLine("ok fault door off 1"))
            #expect(try client.status(.acknowledgeAlarm).state == .paused)
            #expect(try client.status(.resume).state == .running)
            #expect(simulator.stop() == 0)
        }
    }

    @Test func rebootGivesANewBootIdAndAnIdlePump() async throws {
        try await DedicatedThread.run {
            let (simulator, link, _) = try Self.launch()
            let client = try WireClient.serial(link)
            let before = try client.status()
            try client.start(rate: "100", vtbi: "50")
            simulator.control("reboot 1")
            let rebooted = try #require(simulator.waitForLine(startingWith: "rebooted 1 boot="))
            #expect(simulator.waitForLine("ok reboot 1"))
            let after = try client.status()
            #expect(after.state == .idle)
            #expect(after.bootId != before.bootId)
            #expect(rebooted == "rebooted 1 boot=\(after.bootId)")
            #expect(simulator.stop() == 0)
        }
    }

    @Test func unplugHangsUpThenReplugsANewPtyBehindTheSameLink() async throws {
        try await DedicatedThread.run {
            let (simulator, link, first) = try Self.launch()
            let client = try WireClient.serial(link)
            let boot = try client.status().bootId
            simulator.control("unplug 1")
            #expect(simulator.waitForLine("unplugged"))
            #expect(client.read(within: 3) == .closed)
            let replugged = try #require(simulator.waitForLine(startingWith: "replugged ", within: 10))
            let newPath = String(replugged.dropFirst("replugged ".count))
            #expect(newPath.hasPrefix("/dev/pts/"))
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == newPath)
            _ = first
            let again = try WireClient.serial(link)
            #expect(try again.status().bootId == boot)  // the pump did not reboot: same power-up
            #expect(simulator.stop() == 0)
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil)
        }
    }

    @Test func garbageDuplicateDropAndCorruptOnTheWire() async throws {
        try await DedicatedThread.run {
            let (simulator, link, _) = try Self.launch()
            let client = try WireClient.serial(link)

            simulator.control("garbage 64")
            #expect(simulator.waitForLine("ok garbage 64"))
            var noise = 0
            while noise < 64, case .bytes(let bytes) = client.read(within: 3) {
                noise += bytes.count
                _ = client.decoder.feed(bytes)
            }
            #expect(noise == 64)
            #expect(try client.status().state == .idle)  // the next frame is found after the noise

            simulator.control("duplicate 1")
            #expect(simulator.waitForLine("ok duplicate 1"))
            let request = client.frame(.getStatus)
            try client.send(request.encoded())
            let copies = client.collect(within: 3) { $0.count >= 2 }
            #expect(copies.count == 2)
            #expect(copies.first == copies.last)

            simulator.control("drop 1")
            #expect(simulator.waitForLine("ok drop 1"))
            let keep = client.frame(.keepAlive)
            #expect(try client.exchange(keep, within: 0.5) == nil)
            #expect(try client.exchange(keep, within: 3) != nil)  // the retransmission is answered

            simulator.control("corrupt 1")
            #expect(simulator.waitForLine("ok corrupt 1"))
            let stat = client.frame(.getStatus)
            try client.send(stat.encoded())
            let damaged = client.collect(within: 3) { !$0.isEmpty }
            guard case .error(.badCrc)? = damaged.first else {
                Issue.record("expected a reply with a bad CRC, got \(damaged)")
                return
            }
            #expect(try client.exchange(stat) != nil)
            #expect(simulator.stop() == 0)
        }
    }

    @Test func slowAndSilentReplies() async throws {
        try await DedicatedThread.run {
            let (simulator, link, _) = try Self.launch()
            let client = try WireClient.serial(link)
            simulator.control("slow 400 1")
            #expect(simulator.waitForLine("ok slow 400 1"))
            let sent = Date()
            #expect(try client.exchange(client.frame(.keepAlive), within: 5) != nil)
            #expect(Date().timeIntervalSince(sent) >= 0.39)  // a lower bound: never earlier than the delay
            simulator.control("silence 1")
            #expect(simulator.waitForLine("ok silence 1"))
            #expect(try client.exchange(client.frame(.keepAlive), within: 0.3) == nil)
            #expect(simulator.waitForLine("ended silence", within: 5))
            #expect(try client.exchange(client.frame(.keepAlive)) != nil)
            #expect(simulator.stop() == 0)
        }
    }

    @Test func baudRatePacingMakesWireTimeReal() async throws {
        try await DedicatedThread.run {
            // At 1200 baud a byte takes 10 / 1200 s = 8.33 ms. The IDEN reply's payload is
            // model=VP-1%20Volumetric%20(pump-sim) (36) ;serial=SIM-0001 (16) ;fw=sim-1.0 (11) ;proto=1.0 (10)
            // ;boot=XXXXXXXX (14) = 87 bytes, the frame 29 + 87 = 116 bytes: at least 115 byte times = 0.958 s pass
            // between its first and its last byte.
            let (simulator, link, _) = try Self.launch(["--baud", "1200"])
            let client = try WireClient.serial(link)
            let request = client.frame(.identify)
            let sent = Date()
            let reply = try #require(try client.exchange(request, within: 10))
            #expect(reply.encoded().count == 116)
            #expect(Date().timeIntervalSince(sent) >= 0.95)
            #expect(simulator.stop() == 0)
        }
    }

    @Test func traceShowsFramesBothWays() async throws {
        try await DedicatedThread.run {
            let (simulator, link, _) = try Self.launch(["--trace"])
            let client = try WireClient.serial(link)
            // docs/protocol.md §14.1's first request.
            #expect(try client.exchange(Frame(decoding: Array("$01|0001|CMD|IDEN|000||B133\r\n".utf8))) != nil)
            #expect(simulator.stop() == 0)
            let trace = simulator.standardError
            #expect(trace.contains(" rx $01|0001|CMD|IDEN|000||B133\\r\\n"))
            #expect(trace.contains(" tx $01|0001|ACK|IDEN|"))
            let stamps = trace.split(separator: "\n").map { $0.split(separator: " ").first ?? "" }
            #expect(stamps.allSatisfy { $0.hasPrefix("+") })
        }
    }

    @Test func closingStdinDoesNotStopTheSimulator() async throws {
        try await DedicatedThread.run {
            let (simulator, link, _) = try Self.launch()
            simulator.closeInput()
            let client = try WireClient.serial(link)
            #expect(try client.status().state == .idle)
            #expect(simulator.process.isRunning)
            #expect(simulator.stop() == 0)
        }
    }

    @Test func badControlLinesAreAnsweredWithOneErrorLine() async throws {
        try await DedicatedThread.run {
            let (simulator, _, _) = try Self.launch()
            simulator.control("fault window on")
            #expect(simulator.waitForLine("error fault 'window' is not one of occdn, occup, air, door, malfunction"))
            simulator.control(String(repeating: "x", count: 2000))
            #expect(simulator.waitForLine("error control line longer than 512 bytes; ignored"))
            simulator.control("status 1")
            #expect(simulator.waitForLine(startingWith: "status 1 idle ") != nil)
            #expect(simulator.stop() == 0)
        }
    }

    @Test func severalPumpsOnOneLine() async throws {
        try await DedicatedThread.run {
            let (simulator, link, _) = try Self.launch(["--address", "1", "--address", "2", "--serial", "BUS"])
            let client = try WireClient.serial(link)
            guard case .ack(.identity(let second)) = try client.send(.identify, address: 2) else {
                Issue.record("pump 2 did not identify")
                return
            }
            #expect(second.serialNumber == "BUS-02")
            guard case .ack(.identity(let first)) = try client.send(.identify, address: 1) else {
                Issue.record("pump 1 did not identify")
                return
            }
            #expect(first.serialNumber == "BUS-01")
            #expect(try client.exchange(client.frame(.getStatus, address: 3), within: 0.5) == nil)
            try client.start(rate: "100", vtbi: "50", address: 2)
            #expect(try client.status(address: 1).state == .idle)
            simulator.control("fault door on 2")
            #expect(simulator.waitForLine("ok fault door on 2"))
            #expect(try client.status(address: 2).state == .alarm)
            #expect(client.events.isEmpty)  // a bus: no events
            #expect(simulator.stop() == 0)
        }
    }

    @Test func scenarioFileAndFaultFlagFire() async throws {
        try await DedicatedThread.run {
            let directory = try RepositoryLayout.temporaryDirectory("pump-sim-scenario")
            let scenario = directory.appendingPathComponent("air.scenario")
            try "# air 10 simulated seconds into the infusion\n- on: running\n  after: 10s\n  do: fault air on\n"
                .write(to: scenario, atomically: true, encoding: .utf8)
            let (simulator, link, _) = try Self.launch(["--speed", "60", "--scenario", scenario.path, "--fault", "battery=50@STRT"])
            let client = try WireClient.serial(link)
            try client.start(rate: "360", vtbi: "100")
            #expect(simulator.waitForLine("fired --fault battery=50@STRT battery 50 1"))
            #expect(simulator.waitForLine("fired \(scenario.path):2 fault air on 1", within: 10))
            let status = try client.status()
            #expect(status.state == .alarm)
            #expect(status.alarms == [.airInLine])
            #expect(status.batteryPercent == 50)
            #expect(simulator.stop() == 0)
        }
    }
}
