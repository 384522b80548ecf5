/// A failure a command reports and exits on: the message is one line, the exit code says what kind.
struct CommandFailure: Error {
    /// Exit code for bad input: a wrong option, value or configuration file.
    static let badInputExitCode: Int32 = 2
    /// Exit code for a runtime failure: a device that does not answer, storage that cannot be written.
    static let runtimeExitCode: Int32 = 1

    let message: String
    let exitCode: Int32

    /// Bad input: exit code 2.
    static func badInput(_ message: String) -> CommandFailure {
        CommandFailure(message: message, exitCode: badInputExitCode)
    }

    /// Runtime failure: exit code 1.
    static func runtime(_ message: String) -> CommandFailure {
        CommandFailure(message: message, exitCode: runtimeExitCode)
    }
}
