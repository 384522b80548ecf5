import Glibc

/// The TCP side of `--tcp`: a listener on 127.0.0.1, as a serial device server offers its port (raw bytes, one
/// client at a time).
enum LoopbackListener {
    /// Listens on 127.0.0.1:`port` (0: any free port); returns the descriptor and the port actually bound.
    static func listen(port: UInt16) throws(SystemError) -> (descriptor: Int32, port: UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SystemError.current("--tcp: cannot create a socket") }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = SystemError.current("--tcp: cannot listen on 127.0.0.1:\(port)")
            _ = close(descriptor)
            throw error
        }
        guard Glibc.listen(descriptor, 4) == 0 else {
            let error = SystemError.current("--tcp: cannot listen on 127.0.0.1:\(port)")
            _ = close(descriptor)
            throw error
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var boundAddress = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &boundAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, UInt16(bigEndian: boundAddress.sin_port))
    }

    /// Accepts one pending connection: non-blocking, Nagle off (a reply must leave at once, §12); returns the
    /// descriptor and the peer as `host:port`, or nil when none is pending.
    static func accept(from listener: Int32) -> (descriptor: Int32, peer: String)? {
        var peer = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = withUnsafeMutablePointer(to: &peer) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
        }
        guard descriptor >= 0 else { return nil }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let host = UInt32(bigEndian: peer.sin_addr.s_addr)
        let text = "\(host >> 24).\(host >> 16 & 0xFF).\(host >> 8 & 0xFF).\(host & 0xFF):\(UInt16(bigEndian: peer.sin_port))"
        return (descriptor, text)
    }
}
