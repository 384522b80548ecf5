import ArgumentParser

/// `infusion pump ...`: talk to one infusion pump through the driver, for engineers and service staff.
///
/// Patient infusions are programmed and started by the workflow, which uses the same driver path (program, read
/// back, compare every field, start with the read-back token); these commands exist to identify a pump, read its
/// status, and exercise that path by hand. Each opens the line, sends IDEN first, does its one job and closes.
struct PumpCommandGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pump",
        abstract: "Identify, read, program, start, pause, resume or stop one infusion pump.",
        discussion: """
            Reach the pump with exactly one of --port PATH (a tty or pseudo-terminal), --tcp HOST:PORT (a serial \
            device server) or --match VID:PID[:SERIAL] (a USB adapter found through udev), and --address N (0-99, \
            default 1). Exit 0 on success; 1 when the pump or line fails (one line on stderr naming the port and what \
            was tried); 2 for bad options. Nothing is printed on stdout on error.
            """,
        subcommands: [
            PumpCommandIdentify.self, PumpCommandStatus.self, PumpCommandProgram.self, PumpCommandStart.self,
            PumpCommandPause.self, PumpCommandResume.self, PumpCommandStop.self,
        ]
    )
}
