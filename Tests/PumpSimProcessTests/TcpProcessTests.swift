import Foundation
import Glibc
import PumpProtocol
import TestSupport
import Testing

/// `pump-sim --tcp PORT`: a serial device server on 127.0.0.1, one client at a time.
@Suite("pump-sim over TCP")
struct TcpProcessTests {
    static func launch(_ extra: [String] = []) throws -> (SimulatorProcess, UInt16) {
        let simulator = try SimulatorProcess(["--tcp", "0"] + extra)
        let first = try #require(simulator.waitForLine { _ in true }, "no first line; stderr: \(simulator.standardError)")
        #expect(first.hasPrefix("tcp 127.0.0.1:"))
        let port = try #require(UInt16(first.dropFirst("tcp 127.0.0.1:".count)))
        return (simulator, port)
    }

    @Test func servesOneClientAtATime() async throws {
        try await DedicatedThread.run {
            let (simulator, port) = try Self.launch()
            let client = try WireClient.tcp(port: port).get()
            #expect(simulator.waitForLine(startingWith: "connected 127.0.0.1:") != nil)
            guard case .ack(.identity(let identity)) = try client.send(.identify) else {
                Issue.record("IDEN not acknowledged")
                return
            }
            #expect(identity.serialNumber == "SIM-0001")
            // A second connection is closed at once; the first keeps working.
            let second = try WireClient.tcp(port: port).get()
            #expect(second.read(within: 3) == .closed)
            try client.start(rate: "100", vtbi: "50")
            #expect(try client.status().state == .running)
            #expect(simulator.stop() == 0)
        }
    }

    @Test func unplugDropsTheConnectionAndRefusesUntilReplugged() async throws {
        try await DedicatedThread.run {
            let (simulator, port) = try Self.launch()
            let client = try WireClient.tcp(port: port).get()
            _ = try client.send(.identify)
            simulator.control("unplug 2")
            #expect(simulator.waitForLine("unplugged"))
            #expect(client.read(within: 3) == .closed)
            guard case .failure = WireClient.tcp(port: port) else {
                Issue.record("a connection was accepted while unplugged")
                return
            }
            #expect(simulator.waitForLine("replugged tcp 127.0.0.1:\(port)", within: 10))
            let again = try WireClient.tcp(port: port).get()
            #expect(try again.status().state == .idle)
            #expect(simulator.stop() == 0)
        }
    }

    @Test func aDisconnectedClientIsReported() async throws {
        try await DedicatedThread.run {
            let (simulator, port) = try Self.launch()
            do {
                let client = try WireClient.tcp(port: port).get()
                #expect(simulator.waitForLine(startingWith: "connected ") != nil)
                _ = client
            }
            #expect(simulator.waitForLine("disconnected"))
            let next = try WireClient.tcp(port: port).get()
            #expect(try next.status().state == .idle)
            #expect(simulator.stop() == 0)
        }
    }
}
