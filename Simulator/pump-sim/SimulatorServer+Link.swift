import Glibc
import PumpProtocol
import PumpSimulator

extension SimulatorServer {
    /// True when bytes written now reach a controller (or a pty the controller may open).
    var isConnected: Bool {
        switch link {
        case .pty: return true
        case .tcp(_, let client): return client != nil
        case .unplugged: return false
        }
    }

    /// The descriptor bytes are written to, if connected.
    private var writeDescriptor: Int32? {
        switch link {
        case .pty(let terminal): return terminal.master
        case .tcp(_, let client): return client
        case .unplugged: return nil
        }
    }

    /// Writes what the pacer allows of the outgoing bytes; a TCP client that is gone is dropped.
    func flushOutgoing(atWall wall: Int64) {
        guard !outgoing.isEmpty, !waitingForWritable, let descriptor = writeDescriptor else { return }
        let allowed = pacer.allowance(waiting: outgoing.count, atWall: wall)
        guard allowed > 0 else { return }
        let written = outgoing.withUnsafeBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            if case .tcp = link { return send(descriptor, base, allowed, Int32(MSG_NOSIGNAL)) }
            return write(descriptor, base, allowed)
        }
        if written > 0 {
            outgoing.removeFirst(written)
            pacer.sent(written, queueEmpty: outgoing.isEmpty)
        } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
            waitingForWritable = true
        } else if written < 0 && errno != EINTR {
            if case .tcp = link { dropClient() }
        }
    }

    /// Reads what the controller sent and gives it to the line.
    func readLink(_ descriptor: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
            process(line.receive(Array(buffer.prefix(count)), at: instantNow()))
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            if case .tcp = link { dropClient() }
        }
    }

    /// A controller connects over TCP: the first is served, any other is closed at once (one client at a time, as
    /// a serial device server).
    func acceptClient() {
        guard case .tcp(let listener, let client) = link,
            let (descriptor, peer) = LoopbackListener.accept(from: listener)
        else { return }
        if client != nil {
            traceNote("refused a second client \(peer)")
            _ = close(descriptor)
            return
        }
        link = .tcp(listener: listener, client: descriptor)
        resetTransmitter()
        process(line.linkReset(at: instantNow()))
        report(.connected(peer))
    }

    func dropClient() {
        guard case .tcp(let listener, let client?) = link else { return }
        _ = close(client)
        link = .tcp(listener: listener, client: nil)
        resetTransmitter()
        process(line.linkReset(at: instantNow()))
        report(.disconnected)
    }

    private func resetTransmitter() {
        if !outgoing.isEmpty {
            traceNote("tx-lost (link reset; \(outgoing.count) bytes never left) \(TraceText.render(outgoing))")
        }
        outgoing.removeAll()
        waitingForWritable = false
        pacer = WirePacer(baudRate: setup.baudRate)
    }

    /// Pulls the cable for `duration` of wall time: the pty is closed (the client sees a hangup and EIO) and the
    /// symlink removed, or the TCP connection dropped and the port closed (connections refused).
    func unplug(for duration: Duration) {
        let wall = wallNanoseconds()
        var until = wall + duration.nanosecondsClamped
        switch link {
        case .pty(let terminal):
            terminal.close()
            symlink?.remove(ifPointingAt: terminal.slavePath)
        case .tcp(let listener, let client):
            if let client { _ = close(client) }
            _ = close(listener)
        case .unplugged(let earlier):
            until = max(until, earlier)
            link = .unplugged(untilWall: until)
            return
        }
        link = .unplugged(untilWall: until)
        resetTransmitter()
        process(line.linkReset(at: instantNow()))
        report(.unplugged)
    }

    /// Plugs the cable in again once the unplug time is over: a new pty (the symlink re-pointed at it) or the same
    /// TCP port listening again.
    func replugIfDue(atWall wall: Int64) {
        guard case .unplugged(let until) = link, wall >= until else { return }
        do throws(SystemError) {
            switch setup.endpoint {
            case .pty:
                let terminal = try PseudoTerminal.open()
                do {
                    try symlink?.point(to: terminal.slavePath)
                } catch {
                    terminal.close()
                    throw error
                }
                link = .pty(terminal)
                report(.replugged(terminal.slavePath))
            case .tcp:
                let (listener, _) = try LoopbackListener.listen(port: tcpPort)
                link = .tcp(listener: listener, client: nil)
                report(.replugged("tcp 127.0.0.1:\(tcpPort)"))
            }
        } catch {
            report(.error("replug failed, retrying in 1 s: \(error.message)"))
            link = .unplugged(untilWall: wall + Self.replugRetry)
        }
    }

    /// SIGTERM/SIGINT: close everything and remove the symlink if it is still ours.
    func shutDown() {
        switch link {
        case .pty(let terminal):
            terminal.close()
            symlink?.remove(ifPointingAt: terminal.slavePath)
        case .tcp(let listener, let client):
            if let client { _ = close(client) }
            _ = close(listener)
        case .unplugged:
            break
        }
        link = .unplugged(untilWall: .max)
    }
}
