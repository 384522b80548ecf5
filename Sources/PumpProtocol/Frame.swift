/// One frame of the pump protocol, as values: header fields and unescaped payload fields (docs/protocol.md §3).
///
/// A `Frame` is always encodable: the initialiser refuses duplicate keys and oversized payloads, and keys are
/// validated by `PayloadKey`. Because the wire form is canonical, two frames are equal exactly when their bytes are
/// equal, which is what the pump's reply cache compares.
public struct Frame: Sendable, Hashable, CustomStringConvertible {
    /// The pump the frame is for (requests) or from (replies, events).
    public let address: PumpAddress
    /// The request's sequence number, or the pump's event sequence.
    public let sequence: SequenceNumber
    /// Request, reply or event.
    public let kind: FrameKind
    /// The command code.
    public let code: CommandCode
    /// The payload fields in wire order.
    public let fields: [PayloadField]

    /// Creates a frame, refusing a duplicate key or a payload that does not fit the maximum frame length.
    public init(
        address: PumpAddress, sequence: SequenceNumber, kind: FrameKind, code: CommandCode, fields: [PayloadField]
    ) throws(FrameError) {
        var seen: Set<PayloadKey> = []
        for field in fields where !seen.insert(field.key).inserted {
            throw .duplicateKey(field.key)
        }
        let length = PayloadCodec.encode(fields).count
        guard length <= WireFormat.maximumPayloadLength else { throw .payloadTooLong(length: length) }
        self.init(unchecked: FrameHeader(address: address, sequence: sequence, kind: kind, code: code), fields: fields)
    }

    /// For the decoder and the typed messages, whose fields are known to be unique and short enough.
    init(unchecked header: FrameHeader, fields: [PayloadField]) {
        address = header.address
        sequence = header.sequence
        kind = header.kind
        code = header.code
        self.fields = fields
    }

    /// Decodes exactly one complete frame, from `$` through CR LF, with nothing before or after.
    ///
    /// For tests and tools that hold a whole frame; a byte stream goes through `FrameDecoder`.
    public init(decoding bytes: [UInt8]) throws(FrameDecodeError) {
        guard bytes.count <= WireFormat.maximumFrameLength else { throw .tooLong }
        guard bytes.first == WireFormat.startByte, bytes.last == WireFormat.lineFeed,
            !bytes.dropFirst().contains(WireFormat.startByte)
        else { throw .incomplete(byteCount: bytes.count) }
        switch FrameChecker.check(bytes) {
        case .frame(let frame): self = frame
        case .error(let error): throw error
        }
    }

    /// The header fields.
    public var header: FrameHeader {
        FrameHeader(address: address, sequence: sequence, kind: kind, code: code)
    }

    /// The unescaped value of `key`, or nil if the payload has no such field.
    public func value(for key: PayloadKey) -> String? {
        fields.first { $0.key == key }?.value
    }

    /// The bytes on the wire, `$` through CR LF.
    public func encoded() -> [UInt8] {
        let payload = PayloadCodec.encode(fields)
        var bytes: [UInt8] = [WireFormat.startByte]
        bytes.reserveCapacity(WireFormat.minimumFrameLength + payload.count)
        let separator = String(UnicodeScalar(WireFormat.separatorByte))
        let header = [
            address.description, sequence.description, kind.rawValue, code.rawValue,
            WireText.zeroPadded(payload.count, width: 3),
        ].joined(separator: separator) + separator
        bytes.append(contentsOf: header.utf8)
        bytes.append(contentsOf: payload)
        let crc = CRC16.ccittFalse(bytes.dropFirst())
        bytes.append(WireFormat.separatorByte)
        bytes.append(contentsOf: WireText.upperHex(UInt64(crc), width: 4).utf8)
        bytes.append(WireFormat.carriageReturn)
        bytes.append(WireFormat.lineFeed)
        return bytes
    }

    /// The frame as text with CR LF shown as `\r\n`, for logs.
    public var description: String {
        String(decoding: encoded().dropLast(2), as: UTF8.self) + "\\r\\n"
    }
}
