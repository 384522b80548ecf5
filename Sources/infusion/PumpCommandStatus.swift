import ArgumentParser
import PumpDriver

/// `infusion pump status`: the pump's state, rate, volumes, time remaining, battery, alarms and boot identifier.
struct PumpCommandStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the pump's status.",
        discussion: """
            JSON keys: state, rateMlPerHour, vtbiMl, infusedMl, kvoMl, timeRemainingSeconds, batteryPercent, alarms \
            (array of alarm codes, e.g. ["door"]), bootId. Numbers are JSON numbers written from exact decimals.
            """)

    @OptionGroup var connection: PumpCommandConnection

    func run() async throws {
        let session = try await connection.openSession()
        let status = try await session.run { driver throws(PumpDriverError) in try await driver.status() }
        let pump = await session.pumpName()
        await session.close()
        print(PumpCommandOutput.status(status, pump: pump, format: connection.format))
    }
}
