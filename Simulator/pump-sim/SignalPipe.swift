import Glibc

/// The pipe a stop signal writes to. A global constant, created before the handler is installed, because a signal
/// handler cannot capture context; afterwards the handler only reads it and calls `write`, which is
/// async-signal-safe.
private let stopPipe: (read: Int32, write: Int32) = {
    var descriptors: [Int32] = [-1, -1]
    guard pipe(&descriptors) == 0 else { return (-1, -1) }
    for descriptor in descriptors {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
    return (descriptors[0], descriptors[1])
}()

/// Turns SIGTERM and SIGINT into a readable byte on a pipe, so the poll loop wakes up and shuts down cleanly
/// (removing the `--link` symlink) instead of dying where it stands. SIGPIPE is ignored: a client that vanishes
/// mid-write is an EPIPE to handle, not a reason to exit.
///
/// A `sigaction` handler rather than a blocked-signal scheme (signalfd, sigwait): it works whichever thread the
/// kernel picks to deliver the signal to, including threads the runtime started before us.
struct SignalPipe {
    /// Readable when a stop signal arrived.
    let readDescriptor: Int32

    init() throws(SystemError) {
        guard stopPipe.read >= 0 else { throw SystemError.current("cannot create the signal pipe") }
        readDescriptor = stopPipe.read
        signal(SIGPIPE, SIG_IGN)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(stopPipe.write, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in [SIGTERM, SIGINT] {
            guard sigaction(number, &action, nil) == 0 else {
                throw SystemError.current("cannot install the handler of signal \(number)")
            }
            sigaddset(&unblock, number)
        }
        // A parent may have left them blocked; this thread must be able to take them.
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// True (and drained) when a stop signal is pending.
    func consume() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return read(readDescriptor, &buffer, buffer.count) > 0
    }
}
