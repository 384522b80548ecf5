import Transport

/// The pump end of a line, played by the test line by line: it hands the test each frame the driver wrote, as text,
/// and sends exactly the frames the test gives it (taken from docs/protocol.md, or from its reference encoder).
///
/// It uses no codec: frames are split at CR LF as raw bytes, so what the test compares is what was on the wire.
actor ScriptedPump {
    let end: any ByteTransport
    private var buffer: [UInt8] = []

    init(end: any ByteTransport) {
        self.end = end
    }

    /// The next frame the driver wrote, without CR LF (waits for it; the suite's time limit bounds the wait).
    func nextFrame() async throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<lf])
                buffer.removeFirst(lf + 1)
                return String(decoding: line.last == 0x0D ? Array(line.dropLast()) : line, as: UTF8.self)
            }
            buffer += try await end.read(upTo: 512, timeout: .seconds(5))
        }
    }

    /// Sends one frame given without CR LF.
    func send(_ frame: String) async throws {
        try await end.write(Array((frame + "\r\n").utf8))
    }

    /// Sends bytes exactly as given (noise, partial frames).
    func sendRaw(_ text: String) async throws {
        try await end.write(Array(text.utf8))
    }

    /// Reads the next frame and answers it with `reply`; returns the frame read.
    @discardableResult
    func answer(with reply: String) async throws -> String {
        let request = try await nextFrame()
        try await send(reply)
        return request
    }

    /// Bytes the driver wrote that the test has not taken yet (nothing, when the driver sent nothing more).
    func unreadText() async -> String {
        let waiting = await (end as? MemoryTransport)?.unread ?? []
        return String(decoding: buffer + waiting, as: UTF8.self)
    }
}
