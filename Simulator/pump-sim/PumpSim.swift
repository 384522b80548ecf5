import ArgumentParser
import Foundation
import PumpProtocol
import PumpSimulator

/// `pump-sim`: a volumetric infusion pump (or a bus of them) speaking docs/protocol.md on a pseudo-terminal or a
/// TCP port, with infusion physics on an accelerable clock, fault injection and a control channel on stdin.
///
/// Its own `main` maps failures to exit codes: 2 for a bad flag or scenario (one line on stderr naming it), 1 for
/// a device or socket that cannot be opened, 0 after SIGTERM/SIGINT.
@main
struct PumpSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pump-sim",
        abstract: "Simulated volumetric infusion pump speaking docs/protocol.md (see docs/simulator.md).",
        discussion: """
            Prints the pty slave path (or 'tcp 127.0.0.1:PORT') as its first line, then one line per state change, \
            alarm and control command. Control commands are read from stdin, one per line: \
            \(ControlCommand.grammar.joined(separator: "; ")). SIGTERM or SIGINT stops it.
            """
    )

    @Option(help: "Open a pseudo-terminal and make PATH a symlink to its slave.")
    var link: String?

    @Option(parsing: .unconditional, help: "Listen on 127.0.0.1:PORT instead (0: any free port).")
    var tcp: String?

    @Option(parsing: .unconditional, help: "Clock factor for infusion physics (60 = an hour in a minute; 0.1 to 3600). The watchdog is never accelerated.")
    var speed: String = "1"

    @Option(parsing: .unconditional, help: "Pace every byte sent at this baud rate (10 bits per byte); no pacing when absent.")
    var baud: String?

    @Option(parsing: .unconditionalSingleValue, help: "Pump address 0-99; repeat for several pumps on one line (an RS-485 bus). Default 1.")
    var address: [String] = []

    @Option(help: "Scenario file of timed and triggered faults (format in docs/simulator.md).")
    var scenario: String?

    @Option(help: "Serial number reported by IDEN (with several addresses, '-AA' is appended). Default SIM-0001.")
    var serial: String?

    @Option(parsing: .unconditional, help: "Battery charge at start, percent. Default 100.")
    var battery: String?

    @Option(help: "A fault rule ACTION@TRIGGER[/ADDR], e.g. air@running+30s, reboot@vi=50, drop@STRT. Repeatable.")
    var fault: [String] = []

    @Option(help: "Unsolicited alarm events: auto (on with one pump, off on a bus), on, off.")
    var events: String = "auto"

    @Flag(help: "Write every frame received and sent, with a monotonic timestamp, to stderr.")
    var trace = false

    static func main() async {
        do {
            let command = try parseAsRoot()
            guard let simulator = command as? PumpSim else {
                print(helpMessage())
                Foundation.exit(0)
            }
            let setup = try simulator.makeSetup()
            let line = try makeLine(setup)
            let server = try SimulatorServer(setup: setup, line: line)
            Foundation.exit(await server.serve())
        } catch let error as SetupError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(2)
        } catch let error as SystemError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(1)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid command line"
            FileHandle.standardError.write(Data("error: \(text)\n".utf8))
            Foundation.exit(2)
        }
    }

    private func makeSetup() throws(SetupError) -> SimulatorSetup {
        try SimulatorSetup(
            link: link, tcp: tcp, speed: speed, baud: baud, addresses: address, scenario: scenario, serial: serial,
            battery: battery, faults: fault, events: events, trace: trace)
    }

    /// The pumps (tokens and boot identifiers from the system's random source) on one line with the rules.
    private static func makeLine(_ setup: SimulatorSetup) throws(SetupError) -> SimulatedLine {
        var pumps: [SimulatedPump] = []
        for configuration in setup.pumps {
            do {
                pumps.append(try SimulatedPump(configuration: configuration, generator: SystemRandomNumberGenerator()))
            } catch {
                throw SetupError("--serial: \(error)")
            }
        }
        return SimulatedLine(pumps: pumps, rules: setup.rules, generator: SystemRandomNumberGenerator())
    }
}
