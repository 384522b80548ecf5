import Foundation
import PumpProtocol
import TestSupport
import Testing
import Transport

/// `infusion pump ...` as other tools run it: the built binary against a pump on a real pseudo-terminal.
@Suite(.timeLimit(.minutes(2)))
struct PumpCommandLineTests {
    /// A pump served on a fresh pseudo-terminal, for one test.
    struct Bench {
        let terminal: PseudoTerminal
        let pump: ModelPump

        static func start(_ pump: ModelPump = ModelPump()) async throws -> Bench {
            let terminal = try PseudoTerminal.open()
            await pump.attach(terminal)
            return Bench(terminal: terminal, pump: pump)
        }

        var path: String { terminal.devicePath }

        func stop() async {
            await pump.detach()
            await terminal.close()
        }
    }

    /// Runs the built `infusion` and collects its output on threads of its own (never on Dispatch's shared pool,
    /// which the transports' queues and the other suites' process runners use: blocking it starved the pumps
    /// served here), so the in-process pump keeps being served while the command runs.
    static func infusion(_ arguments: [String]) async throws -> ProcessOutcome {
        let all = arguments + ["--config-dir", RepositoryLayout.configDirectory.path]
        return try await ProcessRunner.run(RepositoryLayout.product("infusion"), all)
    }

    static let programOptions = [
        "--rate-ml-per-hour", "66.6", "--vtbi-ml", "100", "--drug", "tocilizumab", "--concentration-mg-per-ml", "5.6",
    ]

    @Test func statusAsJson() async throws {
        let bench = try await Bench.start()
        let outcome = try await Self.infusion(["pump", "status", "--port", bench.path, "--format", "json"])
        await bench.stop()
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "")
        let text = outcome.stdout.trimmingCharacters(in: .newlines)
        #expect(text == #"{"alarms":[],"batteryPercent":87,"bootId":"5A3C9E01","infusedMl":0,"kvoMl":0,"rateMlPerHour":0,"state":"idle","timeRemainingSeconds":0,"vtbiMl":0}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["alarms"] is [String])
        #expect(object["rateMlPerHour"] is NSNumber)
    }

    @Test func identifyPrintsModelSerialFirmwareProtocolAndBoot() async throws {
        let bench = try await Bench.start()
        let outcome = try await Self.infusion(["pump", "identify", "--port", bench.path])
        await bench.stop()
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            pump 01 on \(bench.path)
              model VP-1 Volumetric
              serial SN-004217
              firmware 2.3.1
              protocol 1.0
              bootId 5A3C9E01

            """)
    }

    @Test func programThenStartWithTheTokenThenRefuseASecondStart() async throws {
        let bench = try await Bench.start()
        let programmed = try await Self.infusion(["pump", "program", "--port", bench.path, "--format", "json"] + Self.programOptions)
        #expect(programmed.exitCode == 0, "\(programmed.stderr)")
        #expect(programmed.stdout.trimmingCharacters(in: .newlines) == #"{"bootId":"5A3C9E01","concentrationMgPerMl":5.6,"drug":"tocilizumab","rateMlPerHour":66.6,"token":"9F3B0C2E","vtbiMl":100,"watchdogSeconds":30}"#)

        let started = try await Self.infusion(
            ["pump", "start", "--port", bench.path, "--format", "json", "--token", "9F3B0C2E"] + Self.programOptions)
        #expect(started.exitCode == 0, "\(started.stderr)")
        #expect(started.stdout.contains(#""state":"running""#))
        #expect(started.stdout.contains(#""rateMlPerHour":66.6"#))
        #expect(started.stdout.contains(#""timeRemainingSeconds":5406"#))

        let again = try await Self.infusion(
            ["pump", "start", "--port", bench.path, "--token", "9F3B0C2E"] + Self.programOptions)
        #expect(again.exitCode == 1)
        #expect(again.stdout == "")
        #expect(again.stderr == "error: pump 01 on \(bench.path) is running, not programmed: its program cannot be started (read its status)\n")
        #expect(await bench.pump.executed(.start) == 1)
        await bench.stop()
    }

    @Test func startWithAnotherTokenSendsNoStart() async throws {
        let bench = try await Bench.start()
        let programmed = try await Self.infusion(["pump", "program", "--port", bench.path] + Self.programOptions)
        #expect(programmed.exitCode == 0, "\(programmed.stderr)")
        #expect(programmed.stdout.contains("token 9F3B0C2E"))
        let started = try await Self.infusion(
            ["pump", "start", "--port", bench.path, "--token", "0000BEEF"] + Self.programOptions)
        await bench.stop()
        #expect(started.exitCode == 1)
        #expect(started.stdout == "")
        #expect(started.stderr.contains("holds a program whose token is 9F3B0C2E, not --token 0000BEEF"))
        #expect(await bench.pump.requestCodes.contains("STRT") == false)
    }

    @Test func startWithADifferentProgramIsRefusedNamingTheField() async throws {
        let bench = try await Bench.start()
        _ = try await Self.infusion(["pump", "program", "--port", bench.path] + Self.programOptions)
        var options = Self.programOptions
        options[1] = "66.5"
        let started = try await Self.infusion(["pump", "start", "--port", bench.path, "--token", "9F3B0C2E"] + options)
        await bench.stop()
        #expect(started.exitCode == 1)
        #expect(started.stderr.contains("rate: sent 66.5, read back 66.6"))
        #expect(await bench.pump.executed(.start) == 0)
    }

    @Test func pauseResumeAndStopPrintTheStatus() async throws {
        let bench = try await Bench.start()
        _ = try await Self.infusion(["pump", "program", "--port", bench.path] + Self.programOptions)
        _ = try await Self.infusion(["pump", "start", "--port", bench.path, "--token", "9F3B0C2E"] + Self.programOptions)
        let paused = try await Self.infusion(["pump", "pause", "--port", bench.path, "--format", "json"])
        #expect(paused.stdout.contains(#""state":"paused""#), "\(paused.stderr)")
        let resumed = try await Self.infusion(["pump", "resume", "--port", bench.path, "--format", "json"])
        #expect(resumed.stdout.contains(#""state":"running""#), "\(resumed.stderr)")
        let stopped = try await Self.infusion(["pump", "stop", "--port", bench.path])
        #expect(stopped.stdout.hasPrefix("pump 01 on \(bench.path): idle\n"), "\(stopped.stderr)")
        let pausedAgain = try await Self.infusion(["pump", "pause", "--port", bench.path])
        await bench.stop()
        #expect(pausedAgain.exitCode == 1)
        #expect(pausedAgain.stdout == "")
        #expect(pausedAgain.stderr.contains("refused PAUS (wrongState)"))
    }

    @Test func aSilentPortExitsOneNamingThePortAndWhatWasTried() async throws {
        let terminal = try PseudoTerminal.open()
        let outcome = try await Self.infusion(["pump", "status", "--port", terminal.devicePath])
        await terminal.close()
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout == "")
        // 4 transmissions, each followed by a 500 ms deadline (plus its 7.6 ms wire time): at least 2.0 s, more on a
        // loaded machine, so the elapsed time is checked as a bound and the rest of the line exactly.
        let prefix = "error: pump 01 on \(terminal.devicePath) did not answer IDEN: 4 transmissions over "
        #expect(outcome.stderr.hasPrefix(prefix), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix(" s\n"))
        let seconds = try #require(Decimal(string: String(outcome.stderr.dropFirst(prefix.count).dropLast(3))))
        #expect(seconds >= 2 && seconds < 10)
    }

    @Test(arguments: [
        (["pump", "status"], "give exactly one of --port PATH, --tcp HOST:PORT or --match VID:PID[:SERIAL]"),
        (["pump", "status", "--port", "/dev/null", "--tcp", "h:1"], "give exactly one of"),
        (["pump", "status", "--tcp", "nohost"], "--tcp expects HOST:PORT"),
        (["pump", "status", "--match", "0403"], "--match expects VID:PID"),
        (["pump", "status", "--port", "/dev/null", "--address", "100"], "--address expects a pump address from 0 to 99, found 100"),
        (["pump", "status", "--port", "/dev/null", "--format", "xml"], "--format"),
        (["pump", "status", "--port", "/dev/null", "--profile", "nope"], "--profile expects one of the profiles"),
        (["pump", "program", "--port", "/dev/null", "--rate-ml-per-hour", "12abc", "--vtbi-ml", "100", "--drug", "x", "--concentration-mg-per-ml", "5.6"], "--rate-ml-per-hour expects a plain decimal number"),
        (["pump", "program", "--port", "/dev/null", "--rate-ml-per-hour", "66.6", "--vtbi-ml", "0.5", "--drug", "x", "--concentration-mg-per-ml", "5.6"], "--vtbi-ml: vtbi is outside the accepted values"),
        (["pump", "program", "--port", "/dev/null", "--rate-ml-per-hour", "66.6", "--vtbi-ml", "100", "--drug", "toci lizumab", "--concentration-mg-per-ml", "5.6"], "--drug: drug is not written as accepted"),
        (["pump", "program", "--port", "/dev/null", "--rate-ml-per-hour", "66.6", "--vtbi-ml", "100", "--drug", "x", "--concentration-mg-per-ml", "5.6", "--watchdog-seconds", "5"], "--watchdog-seconds: wdog is outside the accepted values"),
        (["pump", "start", "--port", "/dev/null", "--rate-ml-per-hour", "66.6", "--vtbi-ml", "100", "--drug", "x", "--concentration-mg-per-ml", "5.6", "--token", "9f3b0c2e"], "--token expects exactly 8 upper-case hex digits"),
        (["pump", "start", "--port", "/dev/null", "--rate-ml-per-hour", "66.6", "--vtbi-ml", "100", "--drug", "x", "--concentration-mg-per-ml", "5.6"], "--token"),
    ])
    func badOptionsExitTwoWithOneLineNamingTheOption(arguments: [String], expected: String) async throws {
        let outcome = try await Self.infusion(arguments)
        #expect(outcome.exitCode == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("error: "))
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }
}
