import PumpProtocol

/// The result of one command that the pump ACKed.
struct Performed: Sendable {
    /// The typed ACK payload.
    let data: AckData
    /// The reply as on the wire, without CR LF.
    let replyText: String
    /// True when a retransmission was needed (a missed deadline or `NAK crc`).
    let retransmitted: Bool
}

extension PumpDriver {
    /// Sends one command with a fresh sequence number and returns its ACK, or throws a typed error.
    ///
    /// Reports an intent before a state-changing request, and every outcome, to the observer (awaited). A NAK
    /// `sequenceReused` proves the request was not executed (docs/protocol.md §5.3), so it is sent again with the next
    /// sequence number, except START, which the driver never sends with a second sequence number (the caller verifies
    /// and starts again). Every other NAK is thrown with its reason. The caller holds the driver.
    func perform(_ command: PumpCommand) async throws(PumpDriverError) -> Performed {
        if Task.isCancelled { throw .cancelled(pump: await name(), command: command.code) }
        var sequenceReuses = 0
        while true {
            let sequence = takeSequence()
            let frame = command.frame(address: address, sequence: sequence)
            let request = Self.text(of: frame)
            let changesState = Self.changesState(command.code)
            if changesState {
                try await report(
                    PumpExchange(
                        phase: .intent, address: address, port: await line.port, command: command.code,
                        sequence: sequence, changesState: true, request: request, outcome: nil, transmissions: 0,
                        retransmissionReasons: [], duration: .zero), sent: false)
            }
            let transaction = await line.transact(frame)
            let outcome: PumpExchangeOutcome
            switch transaction.outcome {
            case .reply(let reply): outcome = .reply(Self.text(of: reply))
            case .unanswered: outcome = .noReply
            case .transportFailed(let detail): outcome = .linkFailed(detail)
            case .notSent(let detail): outcome = .notSent(detail)
            }
            try await report(
                PumpExchange(
                    phase: .completed, address: address, port: transaction.port, command: command.code,
                    sequence: sequence, changesState: changesState, request: request, outcome: outcome,
                    transmissions: transaction.transmissions, retransmissionReasons: transaction.reasons,
                    duration: transaction.elapsed), sent: true)
            let pump = "pump \(address) on \(transaction.port)"
            switch transaction.outcome {
            case .notSent(let detail):
                throw .lineDown(pump: pump, command: command.code, detail: detail)
            case .transportFailed(let detail):
                throw .linkFailed(
                    pump: pump, command: command.code, transmissions: transaction.transmissions, detail: detail)
            case .unanswered:
                throw .noReply(
                    pump: pump, command: command.code, transmissions: transaction.transmissions,
                    elapsed: transaction.elapsed, reasons: transaction.reasons)
            case .reply(let replyFrame):
                let replyText = Self.text(of: replyFrame)
                let reply: PumpReply
                do {
                    reply = try PumpReply(frame: replyFrame)
                } catch {
                    throw .undecodableReply(pump: pump, command: command.code, reply: replyText, detail: error.description)
                }
                switch reply {
                case .ack(let data):
                    return Performed(data: data, replyText: replyText, retransmitted: !transaction.reasons.isEmpty)
                case .nak(.sequenceReused) where command.code != .start && sequenceReuses < line.timing.retryCount:
                    sequenceReuses += 1
                case .nak(let reason):
                    throw .refused(pump: pump, command: command.code, reason: reason)
                }
            }
        }
    }

    /// The next request's sequence number: one more each time, wrapping 9999 to 0000 (§5.2). Every request, sent or
    /// not, consumes one, so a number is never used for two different requests.
    private func takeSequence() -> SequenceNumber {
        let sequence = nextSequence
        nextSequence = sequence.next
        return sequence
    }

    private func report(_ exchange: PumpExchange, sent: Bool) async throws(PumpDriverError) {
        guard let onExchange else { return }
        do {
            try await onExchange(exchange)
        } catch {
            throw .notRecorded(pump: "pump \(address) on \(exchange.port)", command: exchange.command, sent: sent, detail: "\(error)")
        }
    }

    /// A frame as on the wire, without CR LF: what a capture or the journal shows.
    static func text(of frame: Frame) -> String {
        String(decoding: frame.encoded().dropLast(2), as: UTF8.self)
    }
}
