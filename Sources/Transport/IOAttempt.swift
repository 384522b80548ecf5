import Glibc

/// What one non-blocking read or write system call did, as the shared polling loop needs to know it.
enum IOAttempt: Equatable {
    /// At least one byte moved.
    case transferred(Int)
    /// Nothing moved and nothing is wrong (EAGAIN, EINTR, or libserialport's 0).
    case wouldBlock
    /// The peer closed the stream (read() or recv() returned 0 on a blocking-style descriptor).
    case endOfStream
    /// The call failed with this errno value.
    case failed(Int32)

    /// Classifies the return value of read(), write(), recv() or send(); `zeroMeansEnd` for reads, where 0 is EOF.
    static func fromSystemCall(_ result: Int, zeroMeansEnd: Bool) -> IOAttempt {
        if result > 0 { return .transferred(result) }
        if result == 0 { return zeroMeansEnd ? .endOfStream : .wouldBlock }
        let code = errno
        return code == EAGAIN || code == EWOULDBLOCK || code == EINTR ? .wouldBlock : .failed(code)
    }
}
