import ArgumentParser
import PumpDriver
import PumpProtocol

/// The commands that change the pump's state without a program (PAUS, RESM, STOP) and print the status after.
enum PumpCommandAction {
    static func run(_ connection: PumpCommandConnection, _ action: @escaping @Sendable (PumpDriver) async throws(PumpDriverError) -> PumpStatus) async throws {
        let session = try await connection.openSession()
        let status = try await session.run(action)
        let pump = await session.pumpName()
        await session.close()
        print(PumpCommandOutput.status(status, pump: pump, format: connection.format))
    }
}

/// `infusion pump pause`: pauses a running infusion (PAUS).
struct PumpCommandPause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a running infusion; print the status.")

    @OptionGroup var connection: PumpCommandConnection

    func run() async throws {
        try await PumpCommandAction.run(connection) { driver throws(PumpDriverError) in try await driver.pause() }
    }
}

/// `infusion pump resume`: resumes a paused infusion (RESM); the same program, no new start.
struct PumpCommandResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused infusion; print the status.")

    @OptionGroup var connection: PumpCommandConnection

    func run() async throws {
        try await PumpCommandAction.run(connection) { driver throws(PumpDriverError) in try await driver.resume() }
    }
}

/// `infusion pump stop`: stops the pump and discards its program (STOP); the volumes stay readable.
struct PumpCommandStop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the pump and discard its program; print the status.")

    @OptionGroup var connection: PumpCommandConnection

    func run() async throws {
        try await PumpCommandAction.run(connection) { driver throws(PumpDriverError) in try await driver.stop() }
    }
}
