import Glibc

/// The one waiting loop every transport uses: poll() on its descriptor and its wake pipe, until a deadline.
///
/// Each transport supplies only the system call that moves bytes (read/write, recv/send, or libserialport's
/// non-blocking calls); how long to wait, how cancellation wakes the wait, and what a hang-up or an errno means are
/// decided here once, so the termios, libserialport and TCP transports cannot disagree about them.
struct PollingIO: Sendable {
    /// The descriptor to wait on (a tty, the handle libserialport opened, or a socket). Owned by the transport actor.
    let descriptor: Int32
    /// The port, for errors.
    let port: String
    /// Wakes the wait when the calling task is cancelled.
    let wake: WakeSignal

    /// errno values that mean the peer is gone, not that this program did something wrong: a USB adapter pulled out
    /// (EIO, ENODEV, ENXIO), a pseudo-terminal whose other side closed (EIO), a TCP peer that closed or vanished.
    static let disconnectionErrors: Set<Int32> = [
        EIO, ENXIO, ENODEV, EPIPE, ECONNRESET, ECONNABORTED, ENOTCONN, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENETDOWN,
        EHOSTDOWN, ESHUTDOWN,
    ]

    /// The largest single read; a caller asking for more simply gets it over several reads.
    static let maximumReadChunk = 1 << 16

    /// The outcome of one wait.
    enum Readiness: Equatable {
        case ready(revents: Int16)
        case timedOut
        case cancelled
    }

    /// Waits until `descriptor` reports one of `events` (or a hang-up or error), `deadline` passes, or, when
    /// `cancellable`, the calling task is cancelled.
    func wait(for events: Int16, until deadline: ContinuousClock.Instant, cancellable: Bool) throws(TransportError) -> Readiness {
        while true {
            if cancellable && Task.isCancelled { return .cancelled }
            let remaining = ContinuousClock.now.duration(to: deadline)
            var fds = [
                pollfd(fd: descriptor, events: events, revents: 0),
                pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let count = poll(&fds, cancellable ? 2 : 1, Self.pollMilliseconds(remaining))
            if count < 0 {
                if errno == EINTR { continue }
                throw .systemFailure(port: port, operation: "poll", detail: systemMessage(errno))
            }
            if count == 0 { return .timedOut }
            if fds[0].revents != 0 { return .ready(revents: fds[0].revents) }
            wake.consume()  // woken by a cancellation; the check at the top of the loop decides
        }
    }

    /// Reads at most `maxBytes`, returning as soon as any arrive, or an empty array after `timeout`.
    func read(
        upTo maxBytes: Int, timeout: Duration, attempt: (UnsafeMutableRawBufferPointer) -> IOAttempt
    ) throws(TransportError) -> [UInt8] {
        guard maxBytes > 0 else {
            throw .invalidRequest(port: port, detail: "a read must ask for at least 1 byte, not \(maxBytes)")
        }
        let deadline = ContinuousClock.now.advanced(by: max(timeout, .zero))
        var buffer = [UInt8](repeating: 0, count: min(maxBytes, Self.maximumReadChunk))
        while true {
            switch try wait(for: Int16(POLLIN), until: deadline, cancellable: true) {
            case .timedOut:
                return []
            case .cancelled:
                throw .cancelled(port: port)
            case .ready(let revents):
                try checkValid(revents)
                switch buffer.withUnsafeMutableBytes({ attempt($0) }) {
                case .transferred(let count):
                    return Array(buffer.prefix(count))
                case .wouldBlock:
                    if revents & Int16(POLLHUP | POLLERR) != 0 { throw .disconnected(port: port) }
                case .endOfStream:
                    throw .disconnected(port: port)
                case .failed(let code):
                    throw failure(code, operation: "read")
                }
            }
        }
    }

    /// Writes all of `bytes`, or throws after `timeout`; not interrupted by cancellation (see ``ByteTransport/write(_:)``).
    func write(_ bytes: [UInt8], timeout: Duration, attempt: (UnsafeRawBufferPointer) -> IOAttempt) throws(TransportError) {
        let deadline = ContinuousClock.now.advanced(by: max(timeout, .zero))
        var written = 0
        while written < bytes.count {
            switch try wait(for: Int16(POLLOUT), until: deadline, cancellable: false) {
            case .timedOut, .cancelled:
                throw .writeTimedOut(port: port, written: written, total: bytes.count)
            case .ready(let revents):
                try checkValid(revents)
                let outcome = bytes.withUnsafeBytes { all in attempt(UnsafeRawBufferPointer(rebasing: all[written...])) }
                switch outcome {
                case .transferred(let count):
                    written += count
                case .wouldBlock:
                    if revents & Int16(POLLHUP | POLLERR) != 0 { throw .disconnected(port: port) }
                case .endOfStream:
                    throw .disconnected(port: port)
                case .failed(let code):
                    throw failure(code, operation: "write")
                }
            }
        }
    }

    /// Waits until `pendingBytes` reports nothing left to send, checking every 2 ms, for at most `timeout`.
    ///
    /// Linux offers no event for "output queue empty", and tcdrain() can block without limit on a stalled USB
    /// adapter; polling the queue length keeps the wait bounded.
    func drain(timeout: Duration, pendingBytes: () -> Result<Int, TransportError>) throws(TransportError) {
        let deadline = ContinuousClock.now.advanced(by: max(timeout, .zero))
        while true {
            let pending = try pendingBytes().get()
            if pending <= 0 { return }
            if ContinuousClock.now >= deadline { throw .drainTimedOut(port: port, pendingBytes: pending) }
            _ = poll(nil, 0, 2)
        }
    }

    /// The error for a failed call: ``TransportError/disconnected(port:)`` when the errno says the peer is gone.
    func failure(_ code: Int32, operation: String) -> TransportError {
        Self.failureFor(code, port: port, operation: operation)
    }

    /// The error for a call on `port` that failed with errno `code`.
    static func failureFor(_ code: Int32, port: String, operation: String) -> TransportError {
        disconnectionErrors.contains(code)
            ? .disconnected(port: port)
            : .systemFailure(port: port, operation: operation, detail: systemMessage(code))
    }

    private func checkValid(_ revents: Int16) throws(TransportError) {
        if revents & Int16(POLLNVAL) != 0 {
            throw .systemFailure(port: port, operation: "poll", detail: "the descriptor is not open")
        }
    }

    /// `remaining` as a poll() timeout: whole milliseconds rounded up (so a wait never ends early), 0 when past.
    static func pollMilliseconds(_ remaining: Duration) -> Int32 {
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int32.max }
        let total = milliseconds.partialValue + (attoseconds + perMillisecond - 1) / perMillisecond
        return Int32(clamping: total)
    }
}

/// Runs `operation` (a blocking wait on the caller's actor) so that cancelling the calling task wakes it via `wake`.
///
/// The closure handed to withTaskCancellationHandler must capture `isolation`: a closure that does not capture the
/// isolated parameter is not isolated to it, and would run the blocking wait on the cooperative pool instead of the
/// transport's own thread (measured: two such waits stalled every task on a two-core machine). The precondition both
/// captures it and proves, at run time, where the wait runs.
func withWakeOnCancel<T>(
    _ wake: WakeSignal,
    isolation: isolated (any Actor)? = #isolation,
    _ operation: () throws(TransportError) -> T
) async throws(TransportError) -> T {
    let result: Result<T, TransportError> = await withTaskCancellationHandler {
        isolation?.preconditionIsolated("a transport's blocking wait must run on the transport's own executor")
        do throws(TransportError) {
            return .success(try operation())
        } catch {
            return .failure(error)
        }
    } onCancel: {
        wake.signal()
    }
    return try result.get()
}
