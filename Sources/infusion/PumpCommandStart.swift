import ArgumentParser
import PumpDriver
import PumpProtocol

/// `infusion pump start`: a service and engineering command. Re-reads the stored program, compares every field with
/// the options and the token with `--token`, confirms the pump is programmed, and only then sends STRT.
///
/// Patient infusions are started by the workflow, through the same driver path.
struct PumpCommandStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the stored program (service use): needs the full program and the token `program` printed.",
        discussion: """
            The program is read back and compared field by field, and the token must equal the stored program's; \
            otherwise nothing is started (exit 1). Prints the status after the start.
            """)

    @OptionGroup var connection: PumpCommandConnection
    @OptionGroup var programOptions: PumpCommandProgramOptions
    @Option(help: ArgumentHelp("The token `infusion pump program` printed (8 upper-case hex digits).", valueName: "token"))
    var token: String

    func validate() throws {
        guard ProgramToken(wireText: token) != nil else {
            throw ValidationError(
                "--token expects exactly 8 upper-case hex digits as `infusion pump program` printed them (e.g. 9F3B0C2E), found '\(token)'")
        }
    }

    func run() async throws {
        let program = try programOptions.program()
        guard let expectedToken = ProgramToken(wireText: token) else {
            throw CommandFailure.badInput("--token expects exactly 8 upper-case hex digits, found '\(token)'")
        }
        let session = try await connection.openSession()
        let verified = try await session.run { driver throws(PumpDriverError) in try await driver.verify(program) }
        let pump = await session.pumpName()
        guard verified.token == expectedToken else {
            await session.close()
            throw CommandFailure.runtime(
                "\(pump) holds a program whose token is \(verified.token), not --token \(expectedToken): it was "
                    + "programmed again since; nothing was started (run `infusion pump program` and use its token)")
        }
        let status = try await session.run { driver throws(PumpDriverError) in try await driver.start(verified) }
        await session.close()
        print(PumpCommandOutput.status(status, pump: pump, format: connection.format))
    }
}
