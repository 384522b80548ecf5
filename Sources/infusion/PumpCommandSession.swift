import PumpDriver
import PumpProtocol

/// One open line and connected driver for the length of one `infusion pump` command.
struct PumpCommandSession {
    let line: PumpLine
    let driver: PumpDriver
    let format: OutputFormat

    /// Runs `work` on the driver; a driver error closes the line and becomes exit 1 with its one-line message.
    func run<Result: Sendable>(
        _ work: @Sendable (PumpDriver) async throws(PumpDriverError) -> Result
    ) async throws -> Result {
        do {
            return try await work(driver)
        } catch {
            await line.close()
            throw CommandFailure.runtime(error.description)
        }
    }

    /// Closes the line (after the last command).
    func close() async {
        await line.close()
    }

    /// `pump 01 on /dev/pts/3`.
    func pumpName() async -> String {
        await driver.name()
    }
}
