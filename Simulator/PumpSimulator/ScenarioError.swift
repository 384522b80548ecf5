/// Why a scenario file or a `--fault` flag was refused: names the file and line (or the flag) and what is wrong.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `scenario.txt line 12` or `--fault 'air@runing'`.
    public let location: String
    /// What is wrong and what is accepted.
    public let problem: String

    /// Creates the error.
    public init(location: String, problem: String) {
        self.location = location
        self.problem = problem
    }

    /// One line: `<location>: <problem>`.
    public var description: String { "\(location): \(problem)" }
}
