import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a pipe to its end on a thread of its own. Reads interrupted by a signal (the child's SIGCHLD) are retried:
/// `FileHandle.readDataToEndOfFile()` turns EINTR into a crash on a thread that does not block the signal.
///
/// It closes the pipe at its end. Left to the `Pipe` object, the descriptor lives as long as Foundation keeps the
/// `Process` (and its pipes) alive, which outlasts the run: 491 children left over 1,100 descriptors open in one
/// test process, and past about 1,350 Foundation's own `Process.run()` reads beyond a buffer while it lists them
/// (AddressSanitizer, heap-buffer-overflow in `findMaximumOpenFromProcSelfFD`).
public final class PipeDrain: @unchecked Sendable {
    private let done = OneShotSignal()
    private var data = Data()

    /// Starts reading `handle` (which it owns from now on and closes at its end).
    public init(_ handle: FileHandle) {
        let descriptor = handle.fileDescriptor
        let reader = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(descriptor, &chunk, chunk.count)
                if count > 0 {
                    data.append(contentsOf: chunk[0..<count])
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            try? handle.close()
            done.raise()
        }
        reader.name = "ProcessRunner pipe"
        reader.start()
    }

    /// Waits for the end of the pipe; everything read, as UTF-8 text.
    public func finish() -> String {
        _ = done.wait(until: nil)
        return String(decoding: data, as: UTF8.self)
    }
}
