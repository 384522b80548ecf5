import Foundation

/// The `main` of a fuzz target in an ordinary build: replays corpus files through the same function libFuzzer calls.
///
/// A fuzz target is an executable with no `main` of its own when built for libFuzzer (`-DFUZZING`); a plain
/// `swift build` must still link it, so in that build it gets this runner instead. It doubles as a regression
/// runner: `fuzz-gs1 Fuzz/Corpus/fuzz-gs1 Fuzz/Regressions/fuzz-gs1` replays every saved input without sanitizers,
/// and a crash there is a crash in the product code.
public enum CorpusReplay {
    /// Exit status when every input ran (accepted or refused).
    public static let exitSuccess: Int32 = 0
    /// Exit status for a bad option, an unreadable path or no input at all.
    public static let exitUsage: Int32 = 2

    /// Replays the files named by `arguments` (without the program name) through `body`, printing a summary.
    ///
    /// Directories are read recursively in name order; names starting with `.` are skipped (`.gitkeep`).
    /// `--verbose` prints each file's outcome. Returns the exit status.
    public static func run(target: String, arguments: [String], body: (Data) -> FuzzOutcome) -> Int32 {
        var verbose = false
        var paths: [String] = []
        for argument in arguments {
            switch argument {
            case "--verbose", "-v":
                verbose = true
            case "--help", "-h":
                print(usage(target))
                return exitSuccess
            case let option where option.hasPrefix("-"):
                printError("""
                    \(target): unknown option '\(option)'. This is the replay build (no libFuzzer); it accepts only \
                    --verbose and paths. To fuzz, run: scripts/fuzz \(target)
                    """)
                return exitUsage
            default:
                paths.append(argument)
            }
        }
        if paths.isEmpty {
            printError("\(target): no input given.\n\(usage(target))")
            return exitUsage
        }
        var files: [String] = []
        for path in paths {
            guard let found = inputFiles(at: path) else {
                printError("\(target): cannot read '\(path)': expected an input file or a directory of them")
                return exitUsage
            }
            files += found
        }
        var accepted = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("\(target): cannot read input file '\(file)'")
                return exitUsage
            }
            let outcome = body(data)
            if outcome.isAccepted { accepted += 1 }
            if verbose { print("\(file): \(outcome)") }
        }
        print("\(target): replayed \(files.count) inputs (\(accepted) accepted, \(files.count - accepted) refused); no crash")
        return exitSuccess
    }

    private static func usage(_ target: String) -> String {
        """
        usage: \(target) [--verbose] PATH...
          Replays each input file (directories recursively) through the fuzz target once and reports crashes.
          Built without libFuzzer; to fuzz, run: scripts/fuzz \(target)
        """
    }

    /// The regular files at `path` (itself, or everything below it in name order), or nil when it does not exist.
    private static func inputFiles(at path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return [path] }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        var files: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            guard let found = inputFiles(at: (path as NSString).appendingPathComponent(name)) else { return nil }
            files += found
        }
        return files
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
