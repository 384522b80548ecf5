/// A refused command line: one line naming the flag (or the scenario file and line) and what is accepted.
/// The simulator prints it on stderr and exits 2 without opening anything.
struct SetupError: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
