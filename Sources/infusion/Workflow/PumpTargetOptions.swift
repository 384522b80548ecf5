import ArgumentParser
import PumpDriver

/// Which pump a workflow command talks to: named here, or (when omitted) the one recorded for the preparation.
struct PumpTargetOptions: ParsableArguments {
    @OptionGroup var location: PumpLocationOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("The pump's address on the line, 0-99 (default: as recorded, else 1).", valueName: "n"))
    var address: Int?

    /// The named pump, nil when none is named (the recorded one is used), or an error when several are.
    func endpoint() throws -> PumpEndpointSpec? { try location.endpoint() }

    /// The profile named with `--profile`, if any.
    var profile: String? { location.profile }
}
