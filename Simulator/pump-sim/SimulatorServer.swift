import Glibc
import PumpProtocol
import PumpSimulator

/// The running simulator: owns every file descriptor (the pty or TCP sockets, stdin, the signal pipe) and drives
/// the pure `SimulatedLine` from one poll loop.
///
/// One loop, one actor: bytes from the controller, control lines and clock ticks are handled strictly one at a
/// time, so the model never sees two things at once and the order of events on the wire and on stdout is the
/// order in which they happened. `poll` blocks this actor's thread for at most `tick`; the process has nothing
/// else to run.
actor SimulatorServer {
    /// Where the controller is connected, or not.
    enum Link {
        case pty(PseudoTerminal)
        case tcp(listener: Int32, client: Int32?)
        case unplugged(untilWall: Int64)
    }

    /// The longest the loop sleeps: the resolution of infusion physics, rules and the watchdog (well inside the
    /// 1 s the protocol allows the watchdog, §10.5).
    static let tick: Int64 = 10_000_000
    /// Bytes waiting for the wire are capped; a client that stops reading loses new frames, not our memory.
    static let maximumOutgoingBytes = 1 << 16
    /// After a failed replug the simulator tries again this much later.
    static let replugRetry: Int64 = 1_000_000_000

    let setup: SimulatorSetup
    var line: SimulatedLine
    let started = ContinuousClock.now
    var link: Link
    var tcpPort: UInt16 = 0
    let symlink: LinkSymlink?
    var outgoing: [UInt8] = []
    var pacer: WirePacer
    var waitingForWritable = false
    var stdinOpen = true
    var splitter = LineSplitter()
    let signals: SignalPipe
    var firstLine = ""

    /// Opens the endpoint (pty and symlink, or TCP listener) and installs the signal handling.
    init(setup: SimulatorSetup, line: SimulatedLine) throws(SystemError) {
        self.setup = setup
        self.line = line
        self.pacer = WirePacer(baudRate: setup.baudRate)
        self.signals = try SignalPipe()
        switch setup.endpoint {
        case .pty(let path):
            let terminal = try PseudoTerminal.open()
            let symlink = LinkSymlink(path: path)
            do {
                try symlink.point(to: terminal.slavePath)
            } catch {
                terminal.close()
                throw error
            }
            self.symlink = symlink
            link = .pty(terminal)
            firstLine = terminal.slavePath
        case .tcp(let port):
            let (listener, bound) = try LoopbackListener.listen(port: port)
            symlink = nil
            tcpPort = bound
            link = .tcp(listener: listener, client: nil)
            firstLine = "tcp 127.0.0.1:\(bound)"
        }
    }

    /// Serves until SIGTERM or SIGINT; returns the exit code (0).
    func serve() -> Int32 {
        StandardStream.out(firstLine)
        while true {
            let wall = wallNanoseconds()
            process(line.advance(to: setup.clock.instant(atWall: wall)))
            replugIfDue(atWall: wall)
            flushOutgoing(atWall: wall)
            var roles: [Role] = [.signal]
            var descriptors = [pollfd(fd: signals.readDescriptor, events: Int16(POLLIN), revents: 0)]
            if stdinOpen {
                roles.append(.control)
                descriptors.append(pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0))
            }
            let writeInterest = waitingForWritable && !outgoing.isEmpty ? Int16(POLLOUT) : 0
            switch link {
            case .pty(let terminal):
                roles.append(.link)
                descriptors.append(pollfd(fd: terminal.master, events: Int16(POLLIN) | writeInterest, revents: 0))
            case .tcp(let listener, let client):
                roles.append(.listener)
                descriptors.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
                if let client {
                    roles.append(.link)
                    descriptors.append(pollfd(fd: client, events: Int16(POLLIN) | writeInterest, revents: 0))
                }
            case .unplugged:
                break
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), pollTimeoutMilliseconds(atWall: wall))
            guard ready > 0 else { continue }
            for (role, descriptor) in zip(roles, descriptors) where descriptor.revents != 0 {
                switch role {
                case .signal:
                    if signals.consume() {
                        shutDown()
                        return 0
                    }
                case .control:
                    readControl()
                case .link:
                    if descriptor.revents & Int16(POLLOUT) != 0 { waitingForWritable = false }
                    if descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { readLink(descriptor.fd) }
                case .listener:
                    acceptClient()
                }
            }
        }
    }

    /// What a polled descriptor is for.
    enum Role {
        case signal, control, link, listener
    }

    func wallNanoseconds() -> Int64 {
        (ContinuousClock.now - started).nanosecondsClamped
    }

    func instantNow() -> SimulationInstant {
        setup.clock.instant(atWall: wallNanoseconds())
    }

    /// Until the next thing that must happen: a tick, a line timer, the next paced byte, the end of an unplug.
    private func pollTimeoutMilliseconds(atWall wall: Int64) -> Int32 {
        var deadline = wall + Self.tick
        if let wake = line.nextWakeWallNanoseconds { deadline = min(deadline, wake) }
        if !outgoing.isEmpty, !waitingForWritable, let next = pacer.nextByteWall { deadline = min(deadline, next) }
        if case .unplugged(let until) = link { deadline = min(deadline, until) }
        let remaining = max(0, deadline - wall)
        return Int32((remaining + 999_999) / 1_000_000)
    }

    // MARK: Output

    /// Acts on what the line produced: bytes to the wire, reports to stdout, trace to stderr, an unplug.
    func process(_ output: LineOutput) {
        if setup.trace {
            let stamp = timestamp()
            for record in output.traces { StandardStream.error("\(stamp) \(record)") }
        }
        for chunk in output.transmissions {
            guard isConnected else {
                traceNote("tx-lost (no connection) \(TraceText.render(chunk))")
                continue
            }
            guard outgoing.count + chunk.count <= Self.maximumOutgoingBytes else {
                traceNote("tx-overflow (client not reading; \(outgoing.count) bytes waiting) \(TraceText.render(chunk))")
                continue
            }
            outgoing += chunk
        }
        for report in output.reports { StandardStream.out(report.description) }
        if let duration = output.unplugFor { unplug(for: duration) }
    }

    func report(_ report: SimulatorReport) {
        StandardStream.out(report.description)
    }

    func traceNote(_ text: String) {
        guard setup.trace else { return }
        StandardStream.error("\(timestamp()) \(text)")
    }

    /// `+12.345678`: wall seconds since the start, from the monotonic clock.
    private func timestamp() -> String {
        let nanoseconds = wallNanoseconds()
        let micro = String(nanoseconds / 1000 % 1_000_000)
        return "+\(nanoseconds / 1_000_000_000)." + String(repeating: "0", count: 6 - micro.count) + micro
    }

    // MARK: Control channel

    private func readControl() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        if count > 0 {
            handle(splitter.feed(buffer.prefix(count)))
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            // End of the control channel: tests may close stdin; only a signal stops the simulator.
            handle(splitter.finish())
            stdinOpen = false
        }
    }

    private func handle(_ pieces: [LineSplitter.Piece]) {
        for piece in pieces {
            switch piece {
            case .line(let text):
                process(line.performControlLine(text, at: instantNow()))
            case .tooLong:
                report(.error("control line longer than \(LineSplitter.maximumLineBytes) bytes; ignored"))
            }
        }
    }
}
