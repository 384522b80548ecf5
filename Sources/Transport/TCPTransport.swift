import Glibc

/// A pump behind a serial device server (an RS-232-to-Ethernet box), reached over TCP.
///
/// The connection uses TCP_NODELAY so each small frame leaves at once instead of waiting to be coalesced, and
/// keep-alive probes tuned to notice a dead server within about 11 s (5 s idle, then 3 probes 2 s apart), so a pulled
/// network cable surfaces as ``TransportError/disconnected(port:)`` instead of silence. A peer that closes or resets
/// the connection surfaces the same way.
public actor TCPTransport: ByteTransport {
    /// `tcp://host:port`.
    public nonisolated let portDescription: String
    private nonisolated let executor: BlockingIOExecutor
    /// Every method runs on this transport's own thread (name resolution and connecting included); see ``BlockingIOExecutor``.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let options: TransportOptions
    /// The connected socket, while open.
    private var io: PollingIO?

    private init(host: String, port: UInt16, options: TransportOptions) {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        portDescription = "tcp://\(shownHost):\(port)"
        executor = BlockingIOExecutor(label: "transport.tcp \(host):\(port)")
        self.options = options
    }

    deinit {
        if let io {
            Glibc.close(io.descriptor)
            io.wake.close()
        }
    }

    /// Connects to `host`:`port`, trying each address the name resolves to until one answers, all within the
    /// connect timeout.
    public static func open(
        host: String, port: UInt16, options: TransportOptions = TransportOptions()
    ) async throws(TransportError) -> TCPTransport {
        let transport = TCPTransport(host: host, port: port, options: options)
        try await transport.connect(host: host, port: port)
        return transport
    }

    private func connect(host: String, port: UInt16) throws(TransportError) {
        let name = portDescription
        let deadline = ContinuousClock.now.advanced(by: options.connectTimeout)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw .hostNotFound(port: name, detail: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        let wake = try WakeSignal.make(port: name)
        var lastError = TransportError.connectTimedOut(port: name, timeout: options.connectTimeout)
        var candidate: UnsafeMutablePointer<addrinfo>? = list
        while let address = candidate {
            candidate = address.pointee.ai_next
            do throws(TransportError) {
                let descriptor = try Self.connect(address.pointee, deadline: deadline, wake: wake, name: name, timeout: options.connectTimeout)
                io = PollingIO(descriptor: descriptor, port: name, wake: wake)
                return
            } catch {
                lastError = error
                if case .connectTimedOut = error { break }
            }
        }
        wake.close()
        throw lastError
    }

    /// One connection attempt to one resolved address; returns the connected, configured socket.
    private static func connect(
        _ address: addrinfo, deadline: ContinuousClock.Instant, wake: WakeSignal, name: String, timeout: Duration
    ) throws(TransportError) -> Int32 {
        let descriptor = socket(address.ai_family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), address.ai_protocol)
        guard descriptor >= 0 else {
            throw .systemFailure(port: name, operation: "socket", detail: systemMessage(errno))
        }
        do throws(TransportError) {
            if Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else { throw connectFailure(errno, name: name) }
                let io = PollingIO(descriptor: descriptor, port: name, wake: wake)
                guard case .ready = try io.wait(for: Int16(POLLOUT), until: deadline, cancellable: false) else {
                    throw .connectTimedOut(port: name, timeout: timeout)
                }
                var socketError: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length) == 0 else {
                    throw .systemFailure(port: name, operation: "getsockopt", detail: systemMessage(errno))
                }
                guard socketError == 0 else { throw connectFailure(socketError, name: name) }
            }
            try setOption(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, 1, name: name)
            try setOption(descriptor, SOL_SOCKET, SO_KEEPALIVE, 1, name: name)
            try setOption(descriptor, Int32(IPPROTO_TCP), TCP_KEEPIDLE, 5, name: name)
            try setOption(descriptor, Int32(IPPROTO_TCP), TCP_KEEPINTVL, 2, name: name)
            try setOption(descriptor, Int32(IPPROTO_TCP), TCP_KEEPCNT, 3, name: name)
            return descriptor
        } catch {
            Glibc.close(descriptor)
            throw error
        }
    }

    private static func connectFailure(_ code: Int32, name: String) -> TransportError {
        code == ECONNREFUSED
            ? .connectionRefused(port: name)
            : .systemFailure(port: name, operation: "connect", detail: systemMessage(code))
    }

    private static func setOption(_ descriptor: Int32, _ level: Int32, _ option: Int32, _ value: Int32, name: String) throws(TransportError) {
        var value = value
        guard setsockopt(descriptor, level, option, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw .systemFailure(port: name, operation: "setsockopt", detail: systemMessage(errno))
        }
    }

    private func opened() throws(TransportError) -> PollingIO {
        guard let io else { throw .closed(port: portDescription) }
        return io
    }

    /// See ``ByteTransport/write(_:)``: all bytes within the write timeout, not cut short by cancellation.
    public func write(_ bytes: [UInt8]) throws(TransportError) {
        let io = try opened()
        try io.write(bytes, timeout: options.writeTimeout) { buffer in
            // MSG_NOSIGNAL: a closed peer must give EPIPE (and so `.disconnected`), not kill the process with SIGPIPE.
            IOAttempt.fromSystemCall(send(io.descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)), zeroMeansEnd: false)
        }
    }

    /// See ``ByteTransport/read(upTo:timeout:)``: returns on the first bytes, empty on timeout, wakes on cancellation.
    public func read(upTo maxBytes: Int, timeout: Duration) async throws(TransportError) -> [UInt8] {
        let io = try opened()
        return try await withWakeOnCancel(io.wake) { () throws(TransportError) in
            try io.read(upTo: maxBytes, timeout: timeout) { buffer in
                IOAttempt.fromSystemCall(recv(io.descriptor, buffer.baseAddress, buffer.count, 0), zeroMeansEnd: true)
            }
        }
    }

    /// Reads and drops whatever has already arrived; TCP has no input queue to flush.
    public func discardInput() throws(TransportError) {
        let io = try opened()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            switch IOAttempt.fromSystemCall(recv(io.descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT)), zeroMeansEnd: true) {
            case .transferred: continue
            case .wouldBlock: return
            case .endOfStream: throw .disconnected(port: portDescription)
            case .failed(let code): throw io.failure(code, operation: "recv")
            }
        }
    }

    /// Waits until the device server has acknowledged every byte sent (the socket's unacknowledged-bytes count, SIOCOUTQ).
    public func drain() throws(TransportError) {
        let io = try opened()
        let name = portDescription
        try io.drain(timeout: options.drainTimeout) {
            var unacknowledged: Int32 = 0
            guard ioctl(io.descriptor, UInt(TIOCOUTQ), &unacknowledged) == 0 else {  // SIOCOUTQ has TIOCOUTQ's number
                return .failure(PollingIO.failureFor(errno, port: name, operation: "SIOCOUTQ"))
            }
            return .success(Int(unacknowledged))
        }
    }

    /// See ``ByteTransport/close()``: closes the connection (the kernel still delivers bytes already written); idempotent.
    public func close() {
        if let io {
            Glibc.close(io.descriptor)
            io.wake.close()
        }
        io = nil
    }
}
