import Foundation

/// Checks a promise the code under test makes about what it accepted, and aborts the process when it is broken.
///
/// A thrown error is a normal outcome for a fuzz input; only a crash, hang or leak is a finding. An accepted input
/// that breaks a documented rule (a vial check that passes an expired vial, weight bands with a gap) is as serious
/// as a crash, so it is turned into one: libFuzzer reports the abort, keeps the input and stops, and the replay
/// runner dies the same way on the same file.
public enum FuzzInvariant {
    /// Aborts with `message` on stderr unless `condition` holds.
    ///
    /// `abort()` rather than `fatalError` or `precondition`: it raises SIGABRT in every build configuration,
    /// which libFuzzer and AddressSanitizer report as a "deadly signal" with a stack trace.
    public static func require(
        _ condition: @autoclosure () -> Bool,
        _ message: @autoclosure () -> String,
        file: StaticString = #fileID,
        line: UInt = #line
    ) {
        guard !condition() else { return }
        fail(message(), file: file, line: line)
    }

    /// Aborts with `message` on stderr: a path the code under test promises can never be taken was taken.
    public static func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
        let text = "FUZZ INVARIANT VIOLATED at \(file):\(line): \(message)\n"
        FileHandle.standardError.write(Data(text.utf8))
        abort()
    }
}
