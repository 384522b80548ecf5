import Dispatch
import Glibc

/// Turns SIGTERM and SIGINT into a readable byte on a pipe, so the poll loop wakes up and shuts down cleanly
/// (removing the `--link` symlink) instead of dying where it stands. SIGPIPE is ignored: a client that vanishes
/// mid-write is an EPIPE to handle, not a reason to exit.
final class SignalPipe {
    /// Readable when a stop signal arrived.
    let readDescriptor: Int32
    private let writeDescriptor: Int32
    private let sources: [any DispatchSourceSignal]

    init() throws(SystemError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw SystemError.current("cannot create the signal pipe") }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        signal(SIGPIPE, SIG_IGN)
        var sources: [any DispatchSourceSignal] = []
        let writer = descriptors[1]
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                var byte: UInt8 = 1
                _ = write(writer, &byte, 1)
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// True (and drained) when a stop signal is pending.
    func consume() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return read(readDescriptor, &buffer, buffer.count) > 0
    }

    deinit {
        for source in sources { source.cancel() }
        close(readDescriptor)
        close(writeDescriptor)
    }
}
