import CPty
import Glibc
import Synchronization

/// A pipe that wakes a transport's poll() from another thread when the task waiting in it is cancelled.
///
/// Task cancellation handlers run synchronously on whichever thread cancels the task, so this cannot be an actor. A
/// mutex guards the descriptors, so a handler that runs late can never write into a descriptor number that was closed
/// and reused by the system for something else.
final class WakeSignal: Sendable {
    /// The read end, which the owning transport watches in poll(). Used only by that transport while it is open.
    let readDescriptor: Int32
    private let descriptors: Mutex<(read: Int32, write: Int32)?>

    private init(read: Int32, write: Int32) {
        readDescriptor = read
        descriptors = Mutex((read, write))
    }

    /// A new wake pipe for the transport of `port`.
    static func make(port: String) throws(TransportError) -> WakeSignal {
        var fds: [Int32] = [-1, -1]
        guard cpty_wake_pipe(&fds) == 0 else {
            throw .systemFailure(port: port, operation: "pipe", detail: systemMessage(errno))
        }
        return WakeSignal(read: fds[0], write: fds[1])
    }

    /// Wakes the poll(); harmless when nothing waits or the pipe is closed.
    func signal() {
        descriptors.withLock { ends in
            guard let ends else { return }
            var byte: UInt8 = 1
            _ = Glibc.write(ends.write, &byte, 1)  // a full pipe already wakes the poll(), so EAGAIN is fine
        }
    }

    /// Empties the pipe after a wake-up, so the next wait does not wake at once.
    func consume() {
        descriptors.withLock { ends in
            guard let ends else { return }
            var buffer = [UInt8](repeating: 0, count: 64)
            while Glibc.read(ends.read, &buffer, buffer.count) > 0 {}
        }
    }

    /// Closes both ends. Idempotent.
    func close() {
        descriptors.withLock { ends in
            guard let current = ends else { return }
            Glibc.close(current.read)
            Glibc.close(current.write)
            ends = nil
        }
    }
}
