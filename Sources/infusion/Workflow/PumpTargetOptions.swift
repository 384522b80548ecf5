import ArgumentParser
import PumpDriver

/// Which pump a workflow command talks to: named here, or (when omitted) the one recorded for the preparation.
struct PumpTargetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A tty or pseudo-terminal (a symlink such as pump-sim's --link is fine).", valueName: "path"))
    var port: String?
    @Option(help: ArgumentHelp("A serial device server, HOST:PORT.", valueName: "host:port"))
    var tcp: String?
    @Option(help: ArgumentHelp("The USB serial adapter with these ids (as `infusion ports` shows them).", valueName: "vid:pid[:serial]"))
    var match: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("The pump's address on the line, 0-99 (default: as recorded, else 1).", valueName: "n"))
    var address: Int?
    @Option(help: ArgumentHelp("A profile of pumps.yaml to use instead of the one the adapter matches.", valueName: "name"))
    var profile: String?

    /// The named pump, nil when none is named (the recorded one is used), or an error when several are.
    func endpoint() throws -> PumpEndpointSpec? {
        if port == nil && tcp == nil && match == nil { return nil }
        guard let spec = PumpEndpointSpec(port: port, tcp: tcp, match: match) else {
            throw CommandFailure.badInput("give at most one of --port PATH, --tcp HOST:PORT or --match VID:PID[:SERIAL]")
        }
        return spec
    }
}
