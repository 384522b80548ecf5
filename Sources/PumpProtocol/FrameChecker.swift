/// Checks one complete candidate (from `$` through LF) in the order of docs/protocol.md §4.2.
enum FrameChecker {
    /// Header offsets of the `|` separators.
    static let separatorOffsets = [3, 8, 12, 17, 21]

    /// Returns the frame, or the first failed check. `candidate` starts with `$`.
    static func check(_ candidate: [UInt8]) -> FrameDecoder.Output {
        let count = candidate.count
        guard count >= WireFormat.minimumFrameLength else {
            return .error(.malformed(.tooShort(length: count), header: nil))
        }
        guard candidate[count - 1] == WireFormat.lineFeed, candidate[count - 2] == WireFormat.carriageReturn else {
            return .error(.malformed(.missingCarriageReturn, header: nil))
        }
        let crcSeparator = count - WireFormat.trailerLength
        guard candidate[crcSeparator] == WireFormat.separatorByte,
            let received = WireText.parseUpperHex(candidate[(crcSeparator + 1)..<(count - 2)], width: 4)
        else { return .error(.malformed(.badCrcField, header: nil)) }
        let receivedCrc = UInt16(truncatingIfNeeded: received)
        let computedCrc = CRC16.ccittFalse(candidate[1..<crcSeparator])
        let header = parseHeader(candidate)
        guard receivedCrc == computedCrc else {
            return .error(.badCrc(header: try? header.get().header, receivedCrc: receivedCrc, computedCrc: computedCrc))
        }
        let parsed: (header: FrameHeader, length: Int)
        switch header {
        case .failure(let defect): return .error(.malformed(defect, header: nil))
        case .success(let value): parsed = value
        }
        let payload = candidate[WireFormat.headerLength..<crcSeparator]
        guard parsed.length == payload.count else {
            return .error(.malformed(.lengthMismatch(declared: parsed.length, actual: payload.count), header: parsed.header))
        }
        switch PayloadCodec.parse(payload) {
        case .failure(let defect):
            return .error(.malformed(.badPayload(defect), header: parsed.header))
        case .success(let fields):
            return .frame(Frame(unchecked: parsed.header, fields: fields))
        }
    }

    /// Reads the 22 header bytes; the candidate has at least 29 bytes.
    static func parseHeader(_ bytes: [UInt8]) -> Result<(header: FrameHeader, length: Int), FrameDefect> {
        for offset in separatorOffsets where bytes[offset] != WireFormat.separatorByte {
            return .failure(.badHeader(field: "separator"))
        }
        guard let addressValue = WireText.parseFixedDigits(bytes[1..<3], width: 2),
            let address = PumpAddress(addressValue)
        else { return .failure(.badHeader(field: "address")) }
        guard let sequenceValue = WireText.parseFixedDigits(bytes[4..<8], width: 4),
            let sequence = SequenceNumber(sequenceValue)
        else { return .failure(.badHeader(field: "sequence")) }
        guard let kind = FrameKind(rawValue: String(decoding: bytes[9..<12], as: UTF8.self)) else {
            return .failure(.badHeader(field: "kind"))
        }
        guard bytes[13..<17].allSatisfy(WireText.isUpperLetter),
            let code = CommandCode(String(decoding: bytes[13..<17], as: UTF8.self))
        else { return .failure(.badHeader(field: "code")) }
        guard let length = WireText.parseFixedDigits(bytes[18..<21], width: 3) else {
            return .failure(.badHeader(field: "length"))
        }
        return .success((FrameHeader(address: address, sequence: sequence, kind: kind, code: code), length))
    }
}
