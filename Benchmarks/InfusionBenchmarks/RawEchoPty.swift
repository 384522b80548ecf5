import CPty
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The floor for a command round trip over a pseudo-terminal: raw POSIX, no codec, no driver, no simulator.
///
/// An echo thread holds the pty's master side (where pump-sim sits) and answers every request, once its LF has
/// arrived, with a reply of the same length as pump-sim's STAT reply; the client writes a request of the STAT
/// request's length on the device side (where the driver sits) with one blocking write() and reads the reply with
/// blocking read()s. That is the least any round trip over this kind of line can cost on this machine: two pty
/// transfers and two thread wake-ups.
final class RawEchoPty: @unchecked Sendable {
    // @unchecked: the descriptors are fixed at init; the echo thread only reads `master`, the client only `device`,
    // and `close()` runs after the client's last use.
    private let master: Int32
    private let device: Int32
    private let request: [UInt8]
    private let reply: [UInt8]
    private let echoEnded = DispatchSemaphore(value: 0)

    /// One timed run of the client.
    struct Run: Sendable {
        /// Complete round trips.
        let roundTrips: Int
        /// Wall time they took.
        let elapsed: Duration
        /// CPU time and context switches of the client thread (the controller side) over the run.
        let client: CPUTime
    }

    /// Opens a pty pair in raw mode and starts the echo thread. `requestBytes` and `replyBytes` include CR LF.
    init(requestBytes: Int, replyBytes: Int) throws(BenchError) {
        var master: Int32 = -1
        var device: Int32 = -1
        var name = [CChar](repeating: 0, count: 256)
        guard cpty_open(&master, &device, &name, UInt(name.count)) == 0 else {
            throw .system(operation: "opening a pseudo-terminal", detail: String(cString: strerror(errno)))
        }
        for descriptor in [master, device] {
            var settings = termios()
            tcgetattr(descriptor, &settings)
            cfmakeraw(&settings)
            tcsetattr(descriptor, TCSANOW, &settings)
        }
        self.master = master
        self.device = device
        request = Self.frame(length: requestBytes)
        reply = Self.frame(length: replyBytes)
        let echo = EchoLoop(master: master, reply: reply)
        let ended = echoEnded
        let thread = Thread {
            echo.run()
            ended.signal()
        }
        thread.name = "raw pty echo"
        thread.start()
    }

    /// Round trips back to back for `duration`, on a dedicated thread.
    func run(for duration: Duration) async -> Run {
        await DedicatedThread.run("raw pty client") { self.runBlocking(for: duration) }
    }

    /// Closes the device side (the echo thread then reads EIO and ends) and the master side.
    func close() {
        Glibc.close(device)
        // The echo thread is blocked in read() on the master; with no device side left open, that read fails (EIO)
        // and the thread ends. Only then is the master closed, so its number cannot be reused under the thread.
        if echoEnded.wait(timeout: .now() + 2) == .success { Glibc.close(master) }
    }

    private func runBlocking(for duration: Duration) -> Run {
        let cpuBefore = CPUTime.thread()
        let start = ContinuousClock.now
        let deadline = start + duration
        var buffer = [UInt8](repeating: 0, count: 1024)
        var count = 0
        repeat {
            guard writeAll(device, request) else { break }
            var received = 0
            var complete = false
            while !complete {
                let got = buffer.withUnsafeMutableBytes { read(device, $0.baseAddress, $0.count) }
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                received += got
                complete = received >= reply.count && buffer[got - 1] == 0x0A
            }
            guard complete else { break }
            count += 1
        } while ContinuousClock.now < deadline
        return Run(roundTrips: count, elapsed: ContinuousClock.now - start, client: CPUTime.thread() - cpuBefore)
    }

    /// `$` + filler + CR LF, `length` bytes in all: only the sizes matter to the floor.
    private static func frame(length: Int) -> [UInt8] {
        [UInt8(ascii: "$")] + [UInt8](repeating: UInt8(ascii: "A"), count: max(0, length - 3)) + [0x0D, 0x0A]
    }
}

/// The echo side: read until a LF, answer with the reply, until the line closes.
private struct EchoLoop: Sendable {
    let master: Int32
    let reply: [UInt8]

    func run() {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            var sawLineFeed = false
            while !sawLineFeed {
                let got = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { return }
                sawLineFeed = buffer[got - 1] == 0x0A
            }
            guard writeAll(master, reply) else { return }
        }
    }
}

/// write() until every byte is out; false when the descriptor failed.
func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    var written = 0
    while written < bytes.count {
        let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress.map { $0 + written }, bytes.count - written) }
        if result < 0 && errno == EINTR { continue }
        guard result > 0 else { return false }
        written += result
    }
    return true
}
