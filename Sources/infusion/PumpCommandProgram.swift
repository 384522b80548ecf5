import ArgumentParser
import PumpDriver

/// `infusion pump program`: SETP, READ, compare every field, STAT; prints the read-back with its token.
///
/// Starts nothing. The token printed is what `infusion pump start --token` needs.
struct PumpCommandProgram: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Store a program in the pump, read it back and compare every field; print the token.",
        discussion: "JSON keys: rateMlPerHour, vtbiMl, drug, concentrationMgPerMl, watchdogSeconds, token, bootId.")

    @OptionGroup var connection: PumpCommandConnection
    @OptionGroup var programOptions: PumpCommandProgramOptions

    func run() async throws {
        let program = try programOptions.program()
        let session = try await connection.openSession()
        let verified = try await session.run { driver throws(PumpDriverError) in
            try await driver.programAndVerify(program)
        }
        let pump = await session.pumpName()
        await session.close()
        print(PumpCommandOutput.verified(verified, pump: pump, format: connection.format))
    }
}
