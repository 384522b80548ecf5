import ArgumentParser
import PumpDriver

/// `infusion pump identify`: model, serial number, firmware, protocol version and boot identifier (IDEN).
struct PumpCommandIdentify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify", abstract: "Print the pump's model, serial, firmware, protocol and boot identifier.")

    @OptionGroup var connection: PumpCommandConnection

    func run() async throws {
        let session = try await connection.openSession()
        let identity = try await session.run { driver throws(PumpDriverError) in try await driver.identify() }
        let pump = await session.pumpName()
        await session.close()
        print(PumpCommandOutput.identity(identity, pump: pump, format: connection.format))
    }
}
