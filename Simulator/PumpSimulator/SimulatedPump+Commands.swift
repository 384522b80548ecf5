import PumpProtocol

extension SimulatedPump {
    /// Gives the pump one output of the line's `FrameDecoder` at `instant` and returns its answer.
    ///
    /// Follows docs/protocol.md in order: §4.3 (what to answer at all, and whether the frame feeds the watchdog),
    /// §10.5 (a feeding frame clears `commlost` before its command runs), §5.3 (the reply cache: a retransmission
    /// is answered with the cached bytes and never executed again), §7.1 (frame checks, then state rules).
    public mutating func receive(_ output: FrameDecoder.Output, at instant: SimulationInstant) -> PumpExchange {
        moveTime(to: instant)
        let incoming = IncomingRequest(output, pumpAddress: address)
        if incoming.feedsWatchdog { feedWatchdog() }
        let reply: Frame?
        let disposition: RequestDisposition
        var code: CommandCode?
        switch incoming {
        case .ignore:
            (reply, disposition) = (nil, .ignored)
        case .damaged(let nak):
            (reply, disposition) = (nak, .damaged)
        case .malformed(let nak):
            (reply, disposition) = (nak, .malformed)
        case .request(let request):
            code = request.code
            switch cache.decide(for: request) {
            case .resend(let cached):
                (reply, disposition) = (cached, .resent)
            case .sequenceReused(let nak):
                (reply, disposition) = (nak, .sequenceReused)
            case .execute:
                let answer = execute(request).frame(answering: request.header)
                cache.record(request: request, reply: answer)
                (reply, disposition) = (answer, .executed)
            }
        }
        return PumpExchange(reply: reply, disposition: disposition, code: code, notices: drainNotices())
    }

    /// Decodes and executes one new request (§7.1 steps 1–6).
    private mutating func execute(_ request: Frame) -> PumpReply {
        let command: PumpCommand
        do {
            command = try PumpCommand(frame: request)
        } catch {
            return .nak(error.nakReason)
        }
        switch command {
        case .identify: return identify()
        case .getStatus: return .ack(.status(status))
        case .setProgram(let newProgram): return setProgram(newProgram)
        case .readProgram: return readProgram()
        case .start(let startToken): return start(startToken)
        case .pause: return pause()
        case .resume: return resume()
        case .stop: return stop()
        case .clearVolume: return clearVolume()
        case .acknowledgeAlarm: return acknowledgeAlarms()
        case .keepAlive: return .ack(.none)
        }
    }

    private func identify() -> PumpReply {
        do {
            return .ack(
                .identity(
                    try PumpIdentity(
                        model: configuration.model, serialNumber: configuration.serialNumber,
                        firmwareVersion: configuration.firmwareVersion, protocolVersion: .current, bootId: bootId)))
        } catch {
            // Unreachable: the texts were checked when the pump was created.
            return .nak(.badValue(field: error.field, problem: error.problem))
        }
    }

    /// §7.4: store in `idle` with cleared counters or replace in `programmed`, always with a new token.
    private mutating func setProgram(_ newProgram: PumpProgram) -> PumpReply {
        switch state {
        case .idle:
            guard infused.units == 0, kvoDelivered.units == 0 else { return .nak(.volumeNotCleared) }
        case .programmed:
            break
        case .running, .paused, .alarm, .complete:
            return .nak(.wrongState(state))
        }
        program = newProgram
        let newToken = ProgramToken.random(differentFrom: lastToken, using: &generator)
        token = newToken
        lastToken = newToken
        setState(.programmed)
        return .ack(.none)
    }

    /// §7.5: the stored program and its token, in every state but `idle`.
    private func readProgram() -> PumpReply {
        guard state != .idle, let program, let token else { return .nak(.wrongState(state)) }
        return .ack(.program(ProgramReadback(program: program, token: token)))
    }

    /// §7.6, in its order: token already started, state, token, alarms.
    private mutating func start(_ startToken: ProgramToken) -> PumpReply {
        let started: Set<PumpState> = [.running, .paused, .alarm, .complete]
        if program != nil, startToken == token, started.contains(state) { return .nak(.tokenUsed) }
        guard state == .programmed else { return .nak(.wrongState(state)) }
        guard startToken == token else { return .nak(.tokenMismatch) }
        let stopping = alarms.motorStopping
        guard stopping.isEmpty else { return .nak(.alarmActive(stopping)) }
        setState(.running)
        armWatchdog()
        return .ack(.status(status))
    }

    /// §7.7: `running` → `paused`.
    private mutating func pause() -> PumpReply {
        guard state == .running else { return .nak(.wrongState(state)) }
        setState(.paused)
        return .ack(.status(status))
    }

    /// §7.8: `paused` → `running` (watchdog armed afresh), or straight to `complete` when `vi` already equals
    /// `vtbi`; refused while a motor-stopping alarm is raised.
    private mutating func resume() -> PumpReply {
        guard state == .paused else { return .nak(.wrongState(state)) }
        let stopping = alarms.motorStopping
        guard stopping.isEmpty else { return .nak(.alarmActive(stopping)) }
        if let program, let vtbiUnits = VolumeMeter.units(ofMl: program.vtbiMl), infused.units >= vtbiUnits {
            setState(.complete)
        } else {
            setState(.running)
            armWatchdog()
        }
        return .ack(.status(status))
    }

    /// §7.9: always accepted; the program and token are discarded, the counters kept, `complete` and `nearend`
    /// disappear, other alarms stay.
    private mutating func stop() -> PumpReply {
        if state != .idle {
            program = nil
            token = nil
            apply(alarms.removeComplete())
            setState(.idle)
        }
        return .ack(.status(status))
    }

    /// §7.10: counters to zero in `idle` and `programmed`.
    private mutating func clearVolume() -> PumpReply {
        guard state == .idle || state == .programmed else { return .nak(.wrongState(state)) }
        infused = VolumeMeter()
        kvoDelivered = VolumeMeter()
        return .ack(.status(status))
    }

    /// §7.11: always accepted; acknowledged alarms whose cause has cleared disappear (`alarm` → `paused` when none
    /// that stops the motor remains).
    private mutating func acknowledgeAlarms() -> PumpReply {
        apply(alarms.acknowledgeAll())
        return .ack(.status(status))
    }
}
