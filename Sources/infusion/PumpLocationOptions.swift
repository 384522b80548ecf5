import ArgumentParser
import PumpDriver

/// Where a pump is, as every command that talks to one names it: `--port`, `--tcp` or `--match`, and optionally the
/// profile of pumps.yaml to use. Shared by `infusion pump ...` and the workflow's bedside commands, so the two name a
/// pump the same way and refuse the same mistakes.
struct PumpLocationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A tty or pseudo-terminal (a symlink such as pump-sim's --link is fine).", valueName: "path"))
    var port: String?
    @Option(help: ArgumentHelp("A serial device server, HOST:PORT.", valueName: "host:port"))
    var tcp: String?
    @Option(help: ArgumentHelp("The USB serial adapter with these ids (as `infusion ports` shows them).", valueName: "vid:pid[:serial]"))
    var match: String?
    @Option(help: ArgumentHelp("A profile of pumps.yaml to use instead of the one the adapter matches.", valueName: "name"))
    var profile: String?

    /// The one of `--port`, `--tcp`, `--match` given.
    static let choices = "--port PATH, --tcp HOST:PORT or --match VID:PID[:SERIAL]"

    /// True when none of `--port`, `--tcp`, `--match` is given.
    var isEmpty: Bool { port == nil && tcp == nil && match == nil }

    /// The named pump, nil when none is named, or a bad-input failure when several are.
    func endpoint() throws -> PumpEndpointSpec? {
        if isEmpty { return nil }
        guard let spec = PumpEndpointSpec(port: port, tcp: tcp, match: match) else {
            throw CommandFailure.badInput("give at most one of \(Self.choices)")
        }
        return spec
    }
}
