import ArgumentParser
import Foundation

/// The `infusion` command: tocilizumab preparation at the pharmacy bench and pump control at the bedside.
///
/// Its own `main` maps every failure to the project's exit codes: 0 when a decision was reached, 2 for bad input
/// (one line on stderr naming the option or field and what it accepts, nothing on stdout), 1 for a runtime failure
/// such as a pump that does not answer.
@main
struct Infusion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infusion",
        abstract: "Tocilizumab IV infusions, from the pharmacy bench to the bedside pump.",
        subcommands: [
            PrepareCommand.self, OrderCommand.self, VerifyCommand.self, ScanCommand.self, CompoundCommand.self,
            CheckCommand.self, LabelCommand.self, DispenseCommand.self, BedsideCommand.self, ProgramCommand.self,
            StartCommand.self, WatchCommand.self, PauseCommand.self, ResumeCommand.self, StopCommand.self, HoldCommand.self,
            ReleaseCommand.self, DiscardCommand.self, CancelCommand.self, ShowCommand.self, JournalCommand.self,
            PortsCommand.self, PumpCommandGroup.self, DemoCommand.self,
        ]
    )

    static func main() async {
        // A file-size limit or a full disk must surface as a journal error the operator reads, not kill the process
        // between a pump command and its record; a closed output pipe likewise is an error, not a silent death.
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        if let problem = RepeatedOption.problem(in: Array(CommandLine.arguments.dropFirst())) {
            FileHandle.standardError.write(Data(ErrorLine.render(problem).utf8))
            Foundation.exit(CommandFailure.badInputExitCode)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data(ErrorLine.render(failure.message).utf8))
            Foundation.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // The parser's message, without the usage it appends: cut there rather than at the first newline, so a
            // value that itself holds a newline is still quoted whole (ErrorLine escapes it).
            var text = message(for: error)
            for marker in ["\nUsage:", "\nHelp:", "\n  See '", "\nSee '"] {
                if let range = text.range(of: marker) { text = String(text[..<range.lowerBound]) }
            }
            FileHandle.standardError.write(Data(ErrorLine.render(text.isEmpty ? "invalid command line" : text).utf8))
            Foundation.exit(CommandFailure.badInputExitCode)
        }
    }
}
