import PumpProtocol

/// The `--trace` records of one simulator (docs/simulator.md, "Trace"): what the pump side received and sent, with
/// the simulator's own monotonic timestamps. The test judges the driver from the other end of the line with it: how
/// many STRT frames arrived, whether a retransmission was the identical bytes, which replies were dropped, corrupted
/// or answered from the cache.
struct SimulatorTrace: Sendable {
    /// One record: `+<seconds.microseconds> <kind> <details>`.
    struct Record: Sendable {
        /// Microseconds since the simulator started (monotonic).
        let microseconds: Int64
        /// `rx`, `rx-error`, `tx`, `tx-event`, `tx-dropped`, `tx-suppressed` ...
        let kind: String
        /// Everything after the kind.
        let details: String
        /// The frame the record shows, when it shows a valid one (the bytes are rendered as in `TraceText`).
        let frame: Frame?
        /// The frame's bytes as rendered, without the trailing `\r\n`.
        let frameText: String?
    }

    let records: [Record]

    /// Parses the stderr lines of a simulator run with `--trace`; lines that are not records are skipped.
    init(lines: [String]) {
        records = lines.compactMap(Self.record)
    }

    private static func record(_ line: String) -> Record? {
        guard line.hasPrefix("+") else { return nil }
        let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count >= 2 else { return nil }
        let stamp = words[0].dropFirst().split(separator: ".")
        guard stamp.count == 2, let seconds = Int64(stamp[0]), stamp[1].count == 6, let micro = Int64(stamp[1]) else {
            return nil
        }
        let details = words.count > 2 ? String(words[2]) : ""
        var frame: Frame?
        var frameText: String?
        if let dollar = details.firstIndex(of: "$") {
            let rendered = details[dollar...]
            if rendered.hasSuffix("\\r\\n") {
                frameText = String(rendered.dropLast(4))
                if let bytes = unrender(rendered) { frame = try? Frame(decoding: bytes) }
            }
        }
        return Record(
            microseconds: seconds * 1_000_000 + micro, kind: String(words[1]), details: details, frame: frame,
            frameText: frameText)
    }

    /// Inverts `TraceText.render`: `\r`, `\n`, `\\` and `\xHH` back to bytes.
    private static func unrender(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                continue
            }
            switch iterator.next() {
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "x"):
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            default:
                return nil
            }
        }
        return bytes
    }

    /// Valid request frames the pump received with this code (`rx` records), in arrival order.
    func received(_ code: CommandCode) -> [Record] {
        records.filter { $0.kind == "rx" && $0.frame?.kind == .command && $0.frame?.code == code }
    }

    /// Every valid request the pump received, in order (retransmissions included).
    var receivedRequests: [Record] {
        records.filter { $0.kind == "rx" && $0.frame?.kind == .command }
    }

    /// Records of `kind` (`tx-dropped`, `tx-event` ...).
    func records(_ kind: String) -> [Record] {
        records.filter { $0.kind == kind }
    }

    /// Replies (ACK or NAK) to `code` the pump produced, whatever happened to them on the way (sent, dropped,
    /// corrupted, duplicated, suppressed, lost).
    func replies(to code: CommandCode) -> [Record] {
        records.filter { record in
            guard record.kind.hasPrefix("tx"), let frame = record.frame else { return false }
            return (frame.kind == .ack || frame.kind == .nak) && frame.code == code
        }
    }

    /// The events (`EVT ALRM`) the pump produced, with what became of each: `tx-event` (sent), `tx-suppressed`
    /// (silence), `tx-lost` (unplugged, no connection, rebooted).
    var events: [Record] {
        records.filter { $0.kind.hasPrefix("tx") && $0.frame?.kind == .event }
    }

    /// The events that went on the line: `tx-event` records, except those the server then recorded as `tx-lost`
    /// (the line releases an event and traces `tx-event`; with no connection the server adds `tx-lost (no
    /// connection)` with the same bytes).
    var sentEvents: [Record] {
        var sent: [Record] = []
        for record in records where record.frame?.kind == .event {
            if record.kind == "tx-event" {
                sent.append(record)
            } else if record.kind == "tx-lost", let index = sent.lastIndex(where: { $0.frameText == record.frameText }) {
                sent.remove(at: index)
            }
        }
        return sent
    }

    /// The rule "START executed at most once per program, and only ever retransmitted as the identical bytes",
    /// judged from the pump's side of the line. For each token, the STRT frames received are grouped by sequence
    /// number: every group holds identical bytes (a retransmission, answered from the reply cache); a later sequence
    /// for the same token is allowed only after the pump refused the earlier one with a NAK (a refusal proves it
    /// was not executed, docs/protocol.md §5.4); and at most one sequence per token was acknowledged. Returns one
    /// message per violation (empty when the rule holds).
    func startViolations() -> [String] {
        var violations: [String] = []
        let starts = received(.start)
        var tokens: [String] = []
        for record in starts {
            let token = record.frame?.value(for: .token) ?? "?"
            if !tokens.contains(token) { tokens.append(token) }
        }
        let replies = replies(to: .start)
        for token in tokens {
            let frames = starts.filter { $0.frame?.value(for: .token) == token }
            var sequences: [SequenceNumber] = []
            for record in frames {
                guard let sequence = record.frame?.sequence else { continue }
                if !sequences.contains(sequence) { sequences.append(sequence) }
            }
            var acknowledged: [SequenceNumber] = []
            for (position, sequence) in sequences.enumerated() {
                let copies = Set(frames.filter { $0.frame?.sequence == sequence }.compactMap(\.frameText))
                if copies.count != 1 {
                    violations.append("STRT token \(token) sequence \(sequence) arrived with different bytes: \(copies)")
                }
                let answers = replies.filter { $0.frame?.sequence == sequence }
                if answers.contains(where: { $0.frame?.kind == .ack }) { acknowledged.append(sequence) }
                if position < sequences.count - 1, !answers.contains(where: { $0.frame?.kind == .nak }) {
                    violations.append(
                        "STRT token \(token) was sent again with sequence \(sequences[position + 1]) although "
                            + "sequence \(sequence) was not refused")
                }
            }
            if acknowledged.count > 1 {
                violations.append("STRT token \(token) was acknowledged under sequences \(acknowledged): started twice")
            }
        }
        return violations
    }
}
