import Dispatch
import Foundation
import Glibc
import Testing
@testable import Transport

/// The TCP transport against a loopback listener standing in for a serial device server.
@Suite("TCP transport over loopback")
struct TCPTransportTests {
    @Test("bytes cross both ways and the socket has TCP_NODELAY")
    func bytesBothWays() async throws {
        let server = try LoopbackServer()
        async let accepted = server.accept()
        let transport = try await TCPTransport.open(host: "127.0.0.1", port: server.port)
        let peer = try await accepted
        #expect(transport.portDescription == "tcp://127.0.0.1:\(server.port)")
        try await transport.write([0x02, 0x10, 0x03, 0x00, 0xFF])
        #expect(try peer.receive(count: 5) == [0x02, 0x10, 0x03, 0x00, 0xFF])
        try peer.send([9, 8, 7])
        #expect(try await readExactly(transport, count: 3) == [9, 8, 7])
        try await transport.drain()
        await transport.close()
        peer.close()
        server.close()
    }

    @Test("a read with nothing to read returns empty after its timeout")
    func readTimeout() async throws {
        let server = try LoopbackServer()
        async let accepted = server.accept()
        let transport = try await TCPTransport.open(host: "127.0.0.1", port: server.port)
        let peer = try await accepted
        let started = ContinuousClock.now
        #expect(try await transport.read(upTo: 8, timeout: .milliseconds(60)).isEmpty)
        #expect(ContinuousClock.now - started >= .milliseconds(60))
        await transport.close()
        peer.close()
        server.close()
    }

    @Test("a large write arrives whole while the server reads")
    func largeWrite() async throws {
        let server = try LoopbackServer()
        async let accepted = server.accept()
        let transport = try await TCPTransport.open(host: "127.0.0.1", port: server.port)
        let peer = try await accepted
        let payload = pattern(count: 4 << 20)
        let received = Task.detached { try peer.receive(count: payload.count) }
        try await transport.write(payload)
        #expect(try await received.value == payload)
        await transport.close()
        peer.close()
        server.close()
    }

    @Test("the device server closing the connection is a disconnect")
    func peerCloseDisconnects() async throws {
        let server = try LoopbackServer()
        async let accepted = server.accept()
        let transport = try await TCPTransport.open(host: "127.0.0.1", port: server.port)
        let peer = try await accepted
        try peer.send([1])
        peer.close()
        #expect(try await readExactly(transport, count: 1) == [1])  // bytes sent before the close still arrive
        await #expect(throws: TransportError.disconnected(port: "tcp://127.0.0.1:\(server.port)")) {
            _ = try await transport.read(upTo: 8, timeout: .seconds(30))
        }
        await transport.close()
        server.close()
    }

    @Test("nothing listening on the port is a refused connection, named")
    func connectionRefused() async throws {
        // The port stays bound (but not listening) during the attempt, so no other test can take it meanwhile;
        // Linux refuses a connection to a bound socket that does not listen.
        let (descriptor, port) = try LoopbackServer.boundPort()
        defer { Glibc.close(descriptor) }
        await #expect(throws: TransportError.connectionRefused(port: "tcp://127.0.0.1:\(port)")) {
            _ = try await TCPTransport.open(host: "127.0.0.1", port: port)
        }
    }

    @Test("discardInput drops what the server already sent")
    func discardInput() async throws {
        let server = try LoopbackServer()
        async let accepted = server.accept()
        let transport = try await TCPTransport.open(host: "127.0.0.1", port: server.port)
        let peer = try await accepted
        try peer.send([1, 2, 3])
        #expect(try await readExactly(transport, count: 1) == [1])
        try await transport.discardInput()
        #expect(try await transport.read(upTo: 8, timeout: .milliseconds(30)).isEmpty)
        await transport.close()
        peer.close()
        server.close()
    }
}

/// A listening socket on 127.0.0.1 with an ephemeral port; the test's stand-in for a serial device server.
final class LoopbackServer: Sendable {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        (descriptor, port) = try Self.bind(listen: true)
    }

    /// A port nothing listens on: bound, then closed.
    /// A loopback port bound by a socket that does not listen: connections to it are refused while it stays open.
    static func boundPort() throws -> (Int32, UInt16) {
        try bind(listen: false)
    }

    private static func bind(listen shouldListen: Bool) throws -> (Int32, UInt16) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SocketFailure(operation: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                Glibc.bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound, !shouldListen || listen(descriptor, 4) == 0 else { throw SocketFailure(operation: "bind/listen") }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    /// Accepts one connection (on a dispatch thread, since accept() blocks).
    func accept() async throws -> Peer {
        let listener = descriptor
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Peer, any Error>) in
            Thread {
                let peer = Glibc.accept(listener, nil, nil)
                if peer >= 0 {
                    continuation.resume(returning: Peer(descriptor: peer))
                } else {
                    continuation.resume(throwing: SocketFailure(operation: "accept"))
                }
            }.start()
        }
    }

    func close() {
        Glibc.close(descriptor)
    }

    /// The server's side of one connection.
    struct Peer: Sendable {
        let descriptor: Int32

        func send(_ bytes: [UInt8]) throws {
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { throw SocketFailure(operation: "send") }
                sent += count
            }
        }

        /// Receives exactly `count` bytes, waiting at most 30 s in all (poll with a deadline, not a sleep).
        func receive(count: Int) throws -> [UInt8] {
            let deadline = ContinuousClock.now.advanced(by: .seconds(30))
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while received.count < count {
                var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let remaining = ContinuousClock.now.duration(to: deadline)
                guard remaining > .zero, poll(&ready, 1, PollingIO.pollMilliseconds(remaining)) == 1 else { break }
                let n = recv(descriptor, &buffer, min(buffer.count, count - received.count), 0)
                guard n > 0 else { break }
                received += buffer.prefix(n)
            }
            return received
        }

        func close() {
            Glibc.close(descriptor)
        }
    }
}

struct SocketFailure: Error {
    let operation: String
}
