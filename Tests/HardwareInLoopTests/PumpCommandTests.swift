import Foundation
import PumpProtocol
import TestSupport
import Testing

/// `infusion pump ...` as an engineer runs it, the built binary against the real simulator through `--port <link>`
/// and `--tcp 127.0.0.1:<port>`: JSON fields, exit 1 naming the port when the pump is silent or gone, exit 2 for bad
/// options with nothing sent.
@Suite("HIL: infusion pump", .timeLimit(.minutes(1)))
struct PumpCommandTests {
    static let programOptions = [
        "--rate-ml-per-hour", "100", "--vtbi-ml", "100", "--drug", "tocilizumab", "--concentration-mg-per-ml", "5.6",
    ]

    /// Runs the built `infusion` with `arguments` and the repository's configuration, without blocking a thread of
    /// the cooperative pool (the in-process drivers of the other tests keep being served).
    static func infusion(_ arguments: [String]) async throws -> ProcessOutcome {
        try await ProcessRunner.run(
            RepositoryLayout.product("infusion"), arguments + ["--config-dir", RepositoryLayout.configDirectory.path],
            deadlineSeconds: 30)
    }

    /// How the driver names the port in messages: the path given to `--port`, or `tcp://127.0.0.1:<port>`.
    static func portName(_ simulator: SimulatorChild) -> String {
        simulator.linkPath ?? "tcp://127.0.0.1:\(simulator.tcpPort ?? 0)"
    }

    /// The exact text of one number member of a JSON object (`"infusedMl":0.052` -> `0.052`), read without binary
    /// floating point.
    static func number(_ key: String, in json: String) -> Decimal? {
        guard let range = json.range(of: "\"\(key)\":") else { return nil }
        let text = json[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        return PlainDecimal.parse(text)
    }

    /// The boot identifier the simulator reports for pump 1 (control command `status 1`).
    static func bootId(of simulator: SimulatorChild) async throws -> String {
        let effects = await simulator.expectOK("status 1")
        let line = try #require(effects.first { $0.hasPrefix("status 1 ") })
        return try #require(SimulatorChild.fields(of: line)["boot"])
    }

    @Test(arguments: LinkKind.allCases)
    func identifyStatusProgramStartPauseResumeStop(link: LinkKind) async throws {
        let simulator = try await SimulatorChild.launch(link, ["--trace"])
        let at = simulator.commandLineLocation
        let port = Self.portName(simulator)
        let boot = try await Self.bootId(of: simulator)

        let identify = try await Self.infusion(["pump", "identify", "--format", "json"] + at)
        #expect(identify.exitCode == 0, "\(identify.stderr)")
        #expect(identify.stderr == "")
        #expect(identify.stdout == #"{"bootId":"\#(boot)","firmware":"sim-1.0","model":"VP-1 Volumetric (pump-sim)","protocol":"1.0","serial":"SIM-0001"}"# + "\n")

        let status = try await Self.infusion(["pump", "status", "--format", "json"] + at)
        #expect(status.exitCode == 0, "\(status.stderr)")
        #expect(status.stdout == #"{"alarms":[],"batteryPercent":100,"bootId":"\#(boot)","infusedMl":0,"kvoMl":0,"rateMlPerHour":0,"state":"idle","timeRemainingSeconds":0,"vtbiMl":0}"# + "\n")
        let text = try await Self.infusion(["pump", "status"] + at)
        #expect(text.stdout.hasPrefix("pump 01 on \(port): idle\n"), "\(text.stdout)")

        let program = try await Self.infusion(["pump", "program", "--format", "json"] + at + Self.programOptions)
        #expect(program.exitCode == 0, "\(program.stderr)")
        // The token is the pump's: the one its READ reply carried (from the simulator's trace).
        let readReply = try #require(
            await simulator.errors.wait(within: 5) { SimulatorTrace(lines: $0).replies(to: .readProgram).last?.frame })
        let token = try #require(readReply.value(for: .token))
        #expect(program.stdout == #"{"bootId":"\#(boot)","concentrationMgPerMl":5.6,"drug":"tocilizumab","rateMlPerHour":100,"token":"\#(token)","vtbiMl":100,"watchdogSeconds":30}"# + "\n")

        let start = try await Self.infusion(["pump", "start", "--format", "json", "--token", token] + at + Self.programOptions)
        #expect(start.exitCode == 0, "\(start.stderr)")
        // The STRT ACK describes the instant START executed: nothing infused, rem = 100 × 3600 / 100 = 3600 s.
        #expect(start.stdout == #"{"alarms":[],"batteryPercent":100,"bootId":"\#(boot)","infusedMl":0,"kvoMl":0,"rateMlPerHour":100,"state":"running","timeRemainingSeconds":3600,"vtbiMl":100}"# + "\n")

        let again = try await Self.infusion(["pump", "start", "--token", token] + at + Self.programOptions)
        #expect(again.exitCode == 1)
        #expect(again.stdout == "")
        #expect(again.stderr == "error: pump 01 on \(port) is running, not programmed: its program cannot be started (read its status)\n")

        let pause = try await Self.infusion(["pump", "pause", "--format", "json"] + at)
        #expect(pause.exitCode == 0, "\(pause.stderr)")
        #expect(pause.stdout.contains(#""state":"paused""#))
        #expect(pause.stdout.contains(#""rateMlPerHour":0,"#))
        let pausedLine = try #require(await simulator.nextLine(startingWith: "state 1 paused"))
        let pausedVolume = try #require(SimulatorChild.fields(of: pausedLine)["vi"].flatMap { PlainDecimal.parse($0) })
        #expect(Self.number("infusedMl", in: pause.stdout) == pausedVolume)

        let resume = try await Self.infusion(["pump", "resume", "--format", "json"] + at)
        #expect(resume.exitCode == 0, "\(resume.stderr)")
        #expect(resume.stdout.contains(#""state":"running""#))
        #expect(Self.number("infusedMl", in: resume.stdout) == pausedVolume)  // continues from where it stopped

        let stop = try await Self.infusion(["pump", "stop", "--format", "json"] + at)
        #expect(stop.exitCode == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains(#""state":"idle""#))
        #expect(stop.stdout.contains(#""vtbiMl":0}"#))
        let stoppedVolume = try #require(Self.number("infusedMl", in: stop.stdout))
        #expect(stoppedVolume >= pausedVolume)  // kept after STOP until CLRV

        await simulator.stopAndCheck()
        #expect(simulator.printedStates() == ["programmed", "running", "paused", "running", "idle"])
        #expect(simulator.trace.startViolations() == [])
        // One STRT executed: the second `start` read the status and sent none.
        #expect(Set(simulator.trace.received(.start).compactMap { $0.frame?.sequence }).count == 1)
    }

    @Test(arguments: LinkKind.allCases)
    func aSilentSimulatorExitsOneNamingThePortAndWhatWasTried(link: LinkKind) async throws {
        let simulator = try await SimulatorChild.launch(link)
        await simulator.expectOK("silence 30")
        let outcome = try await Self.infusion(["pump", "status"] + simulator.commandLineLocation)
        await simulator.stopAndCheck()
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout == "")
        // 4 transmissions, each with its reply timeout (500 ms on a tty, 1000 ms through TCP): the time is a bound
        // on a loaded machine, the rest of the line exact.
        let prefix = "error: pump 01 on \(Self.portName(simulator)) did not answer IDEN: 4 transmissions over "
        #expect(outcome.stderr.hasPrefix(prefix), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix(" s\n"))
        let seconds = try #require(PlainDecimal.parse(outcome.stderr.dropFirst(prefix.count).dropLast(3)))
        #expect(seconds >= (link == .pty ? 2 : 4))
    }

    @Test(arguments: LinkKind.allCases)
    func aStoppedSimulatorExitsOneNamingThePort(link: LinkKind) async throws {
        let simulator = try await SimulatorChild.launch(link)
        await simulator.stopAndCheck()
        let outcome = try await Self.infusion(["pump", "status"] + simulator.commandLineLocation)
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("error: pump 01 on "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(link == .pty ? simulator.linkPath ?? "?" : "127.0.0.1:\(simulator.tcpPort ?? 0)"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: LinkKind.allCases)
    func badOptionsExitTwoAndSendNothing(link: LinkKind) async throws {
        let simulator = try await SimulatorChild.launch(link, ["--trace"])
        let at = simulator.commandLineLocation
        let cases: [([String], String)] = [
            (["pump", "program"] + at + ["--rate-ml-per-hour", "66.65", "--vtbi-ml", "100", "--drug", "tocilizumab", "--concentration-mg-per-ml", "5.6"], "--rate-ml-per-hour"),
            (["pump", "program"] + at + ["--rate-ml-per-hour", "12abc", "--vtbi-ml", "100", "--drug", "tocilizumab", "--concentration-mg-per-ml", "5.6"], "--rate-ml-per-hour expects a plain decimal number"),
            (["pump", "program"] + at + ["--rate-ml-per-hour", "100", "--vtbi-ml", "1e3", "--drug", "tocilizumab", "--concentration-mg-per-ml", "5.6"], "--vtbi-ml expects a plain decimal number"),
            (["pump", "program"] + at + ["--rate-ml-per-hour", "1000", "--vtbi-ml", "100", "--drug", "tocilizumab", "--concentration-mg-per-ml", "5.6"], "--rate-ml-per-hour"),
            (["pump", "start"] + at + Self.programOptions + ["--token", "9f3b0c2e"], "--token expects exactly 8 upper-case hex digits"),
            (["pump", "status", "--address", "100"] + at, "--address expects a pump address from 0 to 99, found 100"),
            (["pump", "status", "--format", "xml"] + at, "--format"),
            (["pump", "status"] + at + (link == .pty ? ["--tcp", "127.0.0.1:1"] : ["--port", "/dev/null"]), "give exactly one of"),
        ]
        for (arguments, expected) in cases {
            let outcome = try await Self.infusion(arguments)
            #expect(outcome.exitCode == 2, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout == "")
            #expect(outcome.stderr.hasPrefix("error: "))
            #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1)
        }
        // Then one good command: the pump received exactly its IDEN and STAT, so the bad ones sent nothing.
        let good = try await Self.infusion(["pump", "status"] + at)
        #expect(good.exitCode == 0, "\(good.stderr)")
        await simulator.stopAndCheck()
        #expect(simulator.trace.receivedRequests.compactMap { $0.frame?.code.rawValue } == ["IDEN", "STAT"])
    }
}

extension PumpCommandTests {
    @Test(arguments: LinkKind.allCases)
    func aStartWhoseRepliesAreAllLostExitsOneSayingTheOutcomeIsUnknownAndIsNeverRepeated(link: LinkKind) async throws {
        let simulator = try await SimulatorChild.launch(link, ["--trace", "--fault", "drop=4@STRT"])
        let at = simulator.commandLineLocation
        let port = Self.portName(simulator)
        let program = try await Self.infusion(["pump", "program", "--format", "json"] + at + Self.programOptions)
        #expect(program.exitCode == 0, "\(program.stderr)")
        let readReply = try #require(
            await simulator.errors.wait(within: 5) { SimulatorTrace(lines: $0).replies(to: .readProgram).last?.frame })
        let token = try #require(readReply.value(for: .token))

        let start = try await Self.infusion(["pump", "start", "--token", token] + at + Self.programOptions)
        #expect(start.exitCode == 1)
        #expect(start.stdout == "")
        #expect(start.stderr.hasPrefix("error: pump 01 on \(port) did not answer STRT: 4 transmissions over "), "\(start.stderr)")
        #expect(start.stderr.hasSuffix(
            "; whether the pump executed STRT is UNKNOWN: read its status before doing anything else\n"))
        // The status tells: it runs. Starting again reads back, sees running, and sends no STRT.
        let status = try await Self.infusion(["pump", "status", "--format", "json"] + at)
        #expect(status.stdout.contains(#""state":"running""#), "\(status.stderr)")
        let again = try await Self.infusion(["pump", "start", "--token", token] + at + Self.programOptions)
        #expect(again.exitCode == 1)
        #expect(again.stderr == "error: pump 01 on \(port) is running, not programmed: its program cannot be started (read its status)\n")
        _ = try await Self.infusion(["pump", "stop"] + at)
        await simulator.stopAndCheck()
        let starts = simulator.trace.received(.start)
        #expect(starts.count == 4)
        #expect(Set(starts.compactMap(\.frameText)).count == 1)
        #expect(simulator.printedStates() == ["programmed", "running", "idle"])
    }

    @Test(arguments: LinkKind.allCases)
    func aLineHeldByTheDriverIsRefusedToASecondControllerWithExitOne(link: LinkKind) async throws {
        let bench = try await DriverBench.start(link, ["--speed", "60"])
        _ = try await bench.programAndStart(try DriverBench.tocilizumabProgram())
        let outcome = try await Self.infusion(["pump", "stop"] + bench.simulator.commandLineLocation)
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("error: pump 01 on "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        if let linkPath = bench.simulator.linkPath {
            // termios claims the tty exclusively.
            #expect(outcome.stderr.contains("\(linkPath): in use by another program or connection"), "\(outcome.stderr)")
        } else {
            // A device server serves one client: the second is accepted and closed at once.
            #expect(outcome.stderr.contains("tcp://127.0.0.1:\(bench.simulator.tcpPort ?? 0)"), "\(outcome.stderr)")
            #expect(outcome.stderr.contains("disconnected"), "\(outcome.stderr)")
        }
        // The second controller reached nothing: the pump runs on, the first controller still commands it.
        #expect(try await bench.driver.status().state == .running)
        #expect(try await bench.driver.stop().state == .idle)
        await bench.finish()
        #expect(bench.simulator.trace.received(.stop).count == 1)
        SessionRules.expectNoLostState(bench)
    }
}
