/// Why a control line, a scenario `do:` or a `--fault` action is not a command: one line naming the command, the
/// argument and what is accepted.
public struct ControlCommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message.
    public let message: String

    /// Creates the error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
