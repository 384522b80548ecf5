import Foundation
import Glibc

/// Reads a child's pipe on a thread of its own and records every complete line (without its newline) in a
/// `Timeline`, which it finishes at the end of the pipe.
///
/// A dedicated thread, not Dispatch or the cooperative pool: the read blocks for the child's whole life. Reads
/// interrupted by a signal are retried (the child's exit raises SIGCHLD in this process).
enum PipeLineReader {
    /// Starts reading `descriptor` (which it owns and closes at the end) into `timeline`; a last line without a
    /// newline is recorded too.
    static func start(_ descriptor: Int32, into timeline: Timeline<String>, name: String) {
        let reader = Thread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(descriptor, &chunk, chunk.count)
                if count > 0 {
                    pending.append(contentsOf: chunk[0..<count])
                    while let newline = pending.firstIndex(of: 0x0A) {
                        timeline.append(String(decoding: pending[..<newline], as: UTF8.self))
                        pending.removeSubrange(...newline)
                    }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            if !pending.isEmpty { timeline.append(String(decoding: pending, as: UTF8.self)) }
            close(descriptor)
            timeline.finish()
        }
        reader.name = name
        reader.start()
    }
}
