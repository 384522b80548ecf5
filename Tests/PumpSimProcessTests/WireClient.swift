import Foundation
import Glibc
import PumpProtocol

/// A minimal controller written for these tests from docs/protocol.md with POSIX calls and the PumpProtocol codec
/// (not the driver): opens the pty (raw mode) or connects over TCP, sends frames, and waits for replies on the
/// descriptor with a deadline.
final class WireClient {
    enum Failure: Error, CustomStringConvertible {
        case system(String)
        case noReply(String)

        var description: String {
            switch self {
            case .system(let text), .noReply(let text): return text
            }
        }
    }

    /// What one wait for data gave.
    enum ReadResult: Equatable {
        case bytes([UInt8])
        case timedOut
        /// The other end hung up (EOF, EIO, POLLHUP): the cable is pulled or the connection dropped.
        case closed
    }

    let descriptor: Int32
    var decoder = FrameDecoder()
    /// EVT frames seen while waiting for replies.
    var events: [Frame] = []
    /// Every decoder output, in order.
    var received: [FrameDecoder.Output] = []
    private var sequences: [Int: Int] = [:]

    /// Each client starts its sequence numbers elsewhere, as a restarted controller may (§5.2): a new client must
    /// never reuse, by accident, the sequence number of the request the pump has cached from the previous one.
    private static let nextStart = NSLock()
    nonisolated(unsafe) private static var startCounter = 0
    private let sequenceStart: Int

    init(descriptor: Int32) {
        self.descriptor = descriptor
        Self.nextStart.lock()
        Self.startCounter += 1
        sequenceStart = Self.startCounter * 617 % 10000
        Self.nextStart.unlock()
    }

    deinit {
        _ = close(descriptor)
    }

    /// Opens a serial device (the pty slave through the `--link` symlink) in raw mode, as a driver would.
    static func serial(_ path: String) throws -> WireClient {
        let descriptor = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw Failure.system("open \(path): errno \(errno)") }
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else { throw Failure.system("tcgetattr: errno \(errno)") }
        cfmakeraw(&settings)
        _ = tcsetattr(descriptor, TCSANOW, &settings)
        _ = tcflush(descriptor, TCIOFLUSH)
        return WireClient(descriptor: descriptor)
    }

    /// Connects to 127.0.0.1:`port`; nil with the errno when refused.
    static func tcp(port: UInt16) -> Result<WireClient, Failure> {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return .failure(.system("socket: errno \(errno)")) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            _ = close(descriptor)
            return .failure(.system("connect: errno \(code)"))
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        return .success(WireClient(descriptor: descriptor))
    }

    /// Writes all bytes.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        let deadline = Date().addingTimeInterval(5)
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if errno == EAGAIN, Date() < deadline {
                var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&entry, 1, 100)
            } else {
                throw Failure.system("write: errno \(errno)")
            }
        }
    }

    /// Waits up to `seconds` for data.
    func read(within seconds: Double) -> ReadResult {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, Int32(seconds * 1000))
        guard ready > 0 else { return .timedOut }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = Glibc.read(descriptor, &buffer, buffer.count)
        if count > 0 { return .bytes(Array(buffer.prefix(count))) }
        if count < 0 && errno == EAGAIN { return .timedOut }
        return .closed
    }

    /// Collects decoder outputs until `enough` says so or the deadline passes; returns them.
    func collect(within seconds: Double, until enough: ([FrameDecoder.Output]) -> Bool) -> [FrameDecoder.Output] {
        let deadline = Date().addingTimeInterval(seconds)
        var outputs: [FrameDecoder.Output] = []
        while !enough(outputs) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { break }
            switch read(within: left) {
            case .bytes(let bytes):
                let decoded = decoder.feed(bytes)
                received += decoded
                outputs += decoded
            case .timedOut, .closed:
                return outputs
            }
        }
        return outputs
    }

    /// The next request frame for `command` to `address` (its own sequence per address).
    func frame(_ command: PumpCommand, address: Int = 1) -> Frame {
        let next = ((sequences[address] ?? sequenceStart) + 1) % 10000
        sequences[address] = next
        return command.frame(address: PumpAddress(address)!, sequence: SequenceNumber(next)!)
    }

    /// Sends `request` and waits for its matching reply (§5.1), keeping events aside; nil at the deadline.
    func exchange(_ request: Frame, within seconds: Double = 3) throws -> Frame? {
        try send(request.encoded())
        return awaitReply(to: request, within: seconds)
    }

    /// Waits for the reply matching `request`.
    func awaitReply(to request: Frame, within seconds: Double) -> Frame? {
        var reply: Frame?
        _ = collect(within: seconds) { outputs in
            for case .frame(let frame) in outputs {
                if frame.kind == .event, !self.events.contains(frame) { self.events.append(frame) }
                if frame.header.answers(request.header) { reply = frame }
            }
            return reply != nil
        }
        return reply
    }

    /// Sends `command` and decodes its reply; throws when none comes within the deadline.
    func send(_ command: PumpCommand, address: Int = 1, within seconds: Double = 3) throws -> PumpReply {
        let request = frame(command, address: address)
        guard let reply = try exchange(request, within: seconds) else { throw Failure.noReply("no reply to \(request)") }
        return try PumpReply(frame: reply)
    }

    /// The status of a status-carrying ACK.
    func status(_ command: PumpCommand = .getStatus, address: Int = 1) throws -> PumpStatus {
        guard case .ack(.status(let status)) = try send(command, address: address) else {
            throw Failure.noReply("\(command) was not acknowledged with a status")
        }
        return status
    }

    /// SETP, READ and STRT; returns the token.
    @discardableResult
    func start(rate: String, vtbi: String, address: Int = 1) throws -> ProgramToken {
        let program = try PumpProgram(
            rateMlPerHour: Decimal(string: rate)!, vtbiMl: Decimal(string: vtbi)!, drugId: "tocilizumab",
            concentrationMgPerMl: Decimal(string: "5.6")!)
        guard try send(.setProgram(program), address: address) == .ack(.none),
            case .ack(.program(let readback)) = try send(.readProgram, address: address),
            readback.program == program,
            case .ack(.status(let status)) = try send(.start(readback.token), address: address),
            status.state == .running
        else { throw Failure.noReply("could not program and start pump \(address)") }
        return readback.token
    }
}
