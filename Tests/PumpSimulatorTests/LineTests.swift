import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// The line around the pumps: a bus of several pumps, the line faults of the control channel, the receiver's
/// inter-byte timeout.
@Suite("line: bus, faults, receiver")
struct LineTests {
    @Test func onABusOnlyTheAddressedPumpAnswersAfterTheTurnaround() throws {
        var bus = try LineHarness(addresses: [1, 2])
        let request = try bus.request(.identify, to: 2)
        #expect(bus.receive(request.encoded()).transmissions.isEmpty)  // not before 2 ms (§12)
        #expect(bus.advance(wall: .microseconds(1999)).transmissions.isEmpty)
        let replies = bus.frames(bus.advance(wall: .microseconds(1)))
        #expect(replies.count == 1)
        let reply = try #require(replies.first)
        #expect(reply.header.answers(request.header))
        guard case .ack(.identity(let identity)) = try PumpReply(frame: reply) else {
            Issue.record("IDEN not acknowledged with an identity")
            return
        }
        #expect(identity.serialNumber == "SIM-2")
        // An address with no pump: silence.
        let nobody = try bus.request(.getStatus, to: 3)
        _ = bus.receive(nobody.encoded())
        #expect(bus.advance(wall: .seconds(1)).transmissions.isEmpty)
    }

    @Test func noEventsOnABus() throws {
        var bus = try LineHarness(addresses: [1, 2])
        let output = bus.control("fault door on 2")
        #expect(output.transmissions.isEmpty)
        #expect(output.reports.map(\.description) == ["alarm 2 raised door", "ok fault door on 2"])
    }

    @Test func eventsGoOutAtOnceOnAPointToPointLine() throws {
        var line = try LineHarness()
        try line.start(try program(rate: "100", vtbi: "50"))
        let output = line.control("fault door on")
        let events = try line.frames(output).map { try PumpEvent(frame: $0) }
        #expect(events.map(\.alarm) == [.doorOpen])
        #expect(output.reports.map(\.description).first?.hasPrefix("state 1 alarm vi=0.000 kvo=0.000 rate=0 vtbi=50 rem=1800") == true)
        #expect(output.reports.map(\.description).suffix(2) == ["alarm 1 raised door", "ok fault door on"])
    }

    @Test func droppedReplyWasExecutedAndTheRetransmissionGetsTheCachedReply() throws {
        var line = try LineHarness()
        #expect(try line.send(.setProgram(try program(rate: "100", vtbi: "50"))) == .ack(.none))
        guard case .ack(.program(let readback)) = try line.send(.readProgram) else { throw HarnessError.unexpectedReply }
        #expect(line.control("drop 1").reports.map(\.description) == ["ok drop 1"])
        let start = try line.request(.start(readback.token))
        #expect(line.receive(start.encoded()).transmissions.isEmpty)
        #expect(line.pump(1)?.state == .running)
        let retransmitted = line.frames(line.receive(start.encoded()))
        #expect(retransmitted.count == 1)
        guard case .ack(.status(let status)) = try PumpReply(frame: try #require(retransmitted.first)) else {
            throw HarnessError.unexpectedReply
        }
        #expect(status.state == .running)
    }

    @Test func dropByProbability() throws {
        var line = try LineHarness()
        _ = line.control("drop 100%")
        for _ in 0..<5 {
            #expect(line.receive(try line.request(.getStatus).encoded()).transmissions.isEmpty)
        }
        _ = line.control("drop 0%")
        #expect(try line.send(.keepAlive) == .ack(.none))
    }

    @Test func corruptedReplyFailsTheClientsCrcCheckOnce() throws {
        var line = try LineHarness()
        _ = line.control("corrupt 1")
        let request = try line.request(.getStatus)
        let decoded = line.decode(line.receive(request.encoded()))
        #expect(decoded.count == 1)
        guard case .error(.badCrc(let header?, _, _)) = decoded.first else {
            Issue.record("expected a CRC failure, got \(decoded)")
            return
        }
        #expect(header.kind == .ack)
        #expect(try line.send(.getStatus).isAck)
    }

    @Test func duplicatedReplyIsSentTwiceIdentically() throws {
        var line = try LineHarness()
        _ = line.control("duplicate 1")
        let output = line.receive(try line.request(.keepAlive).encoded())
        #expect(output.transmissions.count == 2)
        #expect(output.transmissions.first == output.transmissions.last)
        #expect(line.receive(try line.request(.keepAlive).encoded()).transmissions.count == 1)
    }

    @Test func slowRepliesLeaveAfterTheDelay() throws {
        var line = try LineHarness()
        _ = line.control("slow 800 1")
        let request = try line.request(.getStatus)
        #expect(line.receive(request.encoded()).transmissions.isEmpty)
        #expect(line.line.nextWakeWallNanoseconds == 800_000_000)
        #expect(line.advance(wall: .milliseconds(799)).transmissions.isEmpty)
        let late = line.advance(wall: .milliseconds(1))
        #expect(line.frames(late).first?.header.answers(request.header) == true)
        #expect(line.reports.contains("ended slow"))
        #expect(line.receive(try line.request(.getStatus).encoded()).transmissions.count == 1)  // back to prompt
    }

    @Test func garbageBurstDoesNotHideTheNextFrame() throws {
        var line = try LineHarness()
        let burst = line.control("garbage 64")
        #expect(burst.transmissions.map(\.count) == [64])
        _ = line.decode(burst)
        #expect(try line.send(.getStatus).isAck)
    }

    @Test func silenceIgnoresEverythingThenEnds() throws {
        var line = try LineHarness()
        try line.start(try program(rate: "100", vtbi: "50", wdog: 10))
        _ = line.control("silence 12")
        #expect(line.receive(try line.request(.keepAlive).encoded()).transmissions.isEmpty)
        // Nothing reached the pump: the watchdog (10 s, wall) expires during the silence; no event goes out.
        let during = line.advance(simulated: .seconds(11), wall: .seconds(11))
        #expect(line.pump(1)?.state == .alarm)
        #expect(during.transmissions.isEmpty)
        _ = line.advance(simulated: .seconds(1), wall: .seconds(1))
        #expect(line.reports.contains("ended silence"))
        #expect(try line.send(.keepAlive) == .ack(.none))
    }

    @Test func unplugAsksTheExecutableToPullTheCable() throws {
        var line = try LineHarness()
        _ = line.control("slow 500")
        _ = line.receive(try line.request(.getStatus).encoded())
        let output = line.control("unplug 3")
        #expect(output.unplugFor == .seconds(3))
        #expect(output.reports.map(\.description) == ["ok unplug 3"])
        // The reply waiting for its delay was lost with the cable.
        #expect(line.advance(wall: .seconds(1)).transmissions.isEmpty)
    }

    @Test func partialFrameIsAbandonedAfterTheInterByteTimeout() throws {
        var line = try LineHarness()
        let bytes = try line.request(.getStatus).encoded()
        _ = line.receive(Array(bytes.prefix(10)))
        #expect(line.line.nextWakeWallNanoseconds == 250_000_000)
        _ = line.advance(wall: .milliseconds(250))
        #expect(line.receive(Array(bytes.dropFirst(10))).transmissions.isEmpty)  // the rest alone is noise
        // Within 249 ms the frame completes normally.
        let again = try line.request(.getStatus).encoded()
        _ = line.receive(Array(again.prefix(10)))
        _ = line.advance(wall: .milliseconds(249))
        #expect(line.receive(Array(again.dropFirst(10))).transmissions.count == 1)
    }

    @Test func controlErrorsChangeNothing() throws {
        var line = try LineHarness()
        for text in ["fault door", "fault dor on", "battery 101", "reboot 7", "drop -1", "slow", "garbage 0", "unplug x", "launch"] {
            let output = line.control(text)
            #expect(output.reports.count == 1, "\(text)")
            #expect(output.reports.first?.description.hasPrefix("error ") == true, "\(text)")
        }
        #expect(line.control("reboot 7").reports.map(\.description) == ["error no pump at address 7 (pumps: 1)"])
        #expect(line.control("   ").reports.isEmpty)
        #expect(line.control("# a comment").reports.isEmpty)
        #expect(line.pump(1)?.status.alarms.isEmpty == true)
    }

    @Test func statusAndBatteryAndRebootReport() throws {
        var line = try LineHarness(addresses: [1, 2])
        let status = line.control("status").reports.map(\.description)
        #expect(status.count == 3)
        #expect(status.first?.hasPrefix("status 1 idle vi=0.000 kvo=0.000 rate=0 vtbi=0 rem=0 bat=100 alarms= boot=") == true)
        #expect(status.last == "ok status")
        #expect(line.control("battery 4 2").reports.map(\.description)
            == ["alarm 2 raised battlow", "alarm 2 raised battdead", "ok battery 4 2"])
        let reboot = line.control("reboot 1").reports.map(\.description)
        #expect(reboot.count == 3)
        #expect(reboot.first?.hasPrefix("rebooted 1 boot=") == true)
        #expect(reboot.last == "ok reboot 1")
    }
}

extension PumpReply {
    var isAck: Bool {
        if case .ack = self { return true }
        return false
    }
}
