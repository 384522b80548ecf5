import Foundation

/// A `pump-sim` child process on a pseudo-terminal, for the demo.
final class SimulatorProcess: @unchecked Sendable {
    let process: Process
    /// The pseudo-terminal the simulator serves.
    let devicePath: String

    private init(process: Process, devicePath: String) {
        self.process = process
        self.devicePath = devicePath
    }

    /// Starts `pump-sim` (beside this executable) and waits (at most 10 s) for its first line, the device path.
    static func start(link: String, speed: Int, serial: String) throws -> SimulatorProcess {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("pump-sim")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw CommandFailure.runtime("pump-sim was not found beside infusion (\(executable.path)); build it with `swift build`")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--link", link, "--speed", "\(speed)", "--serial", serial]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = Pipe()
        do {
            try process.run()
        } catch {
            throw CommandFailure.runtime("cannot start pump-sim: \(error.localizedDescription)")
        }
        let reader = output.fileHandleForReading
        var firstLine = Data()
        let deadline = Date().addingTimeInterval(10)
        while !firstLine.contains(UInt8(ascii: "\n")) && Date() < deadline {
            let chunk = reader.readAvailableRetryingInterrupts()
            if chunk.isEmpty { break }
            firstLine.append(chunk)
        }
        guard let line = String(data: firstLine, encoding: .utf8)?.split(separator: "\n").first, line.hasPrefix("/dev/") else {
            process.terminate()
            throw CommandFailure.runtime("pump-sim did not report its pseudo-terminal")
        }
        // Keep draining its output on a thread of its own so it never blocks on a full pipe.
        Thread {
            while !reader.readAvailableRetryingInterrupts().isEmpty {}
        }.start()
        return SimulatorProcess(process: process, devicePath: String(line))
    }

    /// Stops the simulator (SIGTERM) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
