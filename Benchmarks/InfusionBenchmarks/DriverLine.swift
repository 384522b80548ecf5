import PumpDriver
import PumpProtocol
import Transport

/// One `PumpLine` to a pump-sim link and a `PumpDriver` per address on it, opened exactly as the workflow opens a
/// pump (`PumpLine.open(.endpoint(.device(path, baudRate:)))`, IDEN first).
struct DriverLine: Sendable {
    let line: PumpLine
    let drivers: [PumpDriver]

    /// Opens `linkPath` with `timing` and connects a driver to each address (IDEN). With a `counter`, every driver
    /// reports its exchanges to it (an awaited call per exchange, as the workflow's journal callback is).
    static func open(
        _ linkPath: String, addresses: [Int], timing: PumpLinkTiming, baudRate: BaudRate = .protocolDefault,
        counter: ExchangeCounter? = nil
    ) async throws(BenchError) -> DriverLine {
        let line: PumpLine
        do {
            line = try await PumpLine.open(.endpoint(.device(linkPath, baudRate: baudRate)), timing: timing)
        } catch {
            throw .driver("opening \(linkPath): \(error)")
        }
        var drivers: [PumpDriver] = []
        for value in addresses {
            guard let address = PumpAddress(value) else { throw .driver("address \(value) is outside 0-99") }
            let driver = counter.map { counter in
                PumpDriver(line: line, address: address) { exchange in await counter.record(exchange) }
            } ?? PumpDriver(line: line, address: address)
            do {
                try await driver.connect()
            } catch {
                await line.close()
                throw .driver("IDEN to \(address) on \(linkPath): \(error)")
            }
            drivers.append(driver)
        }
        return DriverLine(line: line, drivers: drivers)
    }

    /// The bytes of one STAT exchange with the pump at `address` on `line`, CR LF included, as the driver reported
    /// them: (request, reply). Uses a separate driver whose exchanges are observed, so the measured drivers carry no
    /// observer.
    static func statExchangeSizes(on line: PumpLine, address value: Int) async throws(BenchError) -> (request: Int, reply: Int) {
        guard let address = PumpAddress(value) else { throw .driver("address \(value) is outside 0-99") }
        let recorder = ExchangeRecorder()
        let observer = PumpDriver(line: line, address: address) { exchange in await recorder.record(exchange) }
        do {
            try await observer.connect()
            _ = try await observer.status()
        } catch {
            throw .driver("STAT to \(address): \(error)")
        }
        guard let sizes = await recorder.lastSizes else { throw .driver("STAT to \(address): no exchange was reported") }
        return sizes
    }
}

/// Keeps the sizes of the last completed exchange.
private actor ExchangeRecorder {
    var lastSizes: (request: Int, reply: Int)?

    func record(_ exchange: PumpExchange) {
        guard exchange.phase == .completed, case .reply(let text)? = exchange.outcome else { return }
        lastSizes = (exchange.request.utf8.count + 2, text.utf8.count + 2)
    }
}
