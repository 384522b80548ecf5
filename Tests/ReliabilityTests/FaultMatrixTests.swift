import Foundation
import Journal
import PumpDriver
import PumpProtocol
import TestSupport
import Testing
import Workflow

/// The fault matrix (docs/reliability.md): every fault `pump-sim` can inject, in every pump state, driven through
/// the workflow against the real simulator process, each cell judged against an outcome worked out by hand
/// (`MatrixExpectation`) and against the invariants that hold whatever the fault:
///
/// - the journal verifies (hash chain intact);
/// - at most one START request reached the pump (distinct STRT sequence numbers the simulator received, from its
///   `--trace`), and the pump entered `running` no more often than it executed STRT and RESM requests;
/// - the pump never runs without a verified program: every STRT carries the token the workflow read back, and the
///   journal shows READ and STAT answered between programming and the START intent;
/// - at the end the volume infused the journal holds equals the simulator's (both 0.001 mL, the reported precision).
///
/// With `FAULT_MATRIX_REPORT=<file>` each cell appends its observed outcome (one JSON line) for `scripts/reliability`.
@Suite("Fault matrix", .timeLimit(.minutes(10)))
struct FaultMatrixTests {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    @Test(arguments: MatrixCell.all)
    func cell(_ cell: MatrixCell) async throws {
        await MatrixGate.shared.enter()
        let started = ContinuousClock.now
        var outcome = MatrixOutcome(cell: cell)
        if cell.notApplicable == nil {
            outcome = await Self.run(outcome)
        }
        await MatrixGate.shared.leave()
        let elapsed = ContinuousClock.now - started
        outcome.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        MatrixReport.write(outcome)
        for failure in outcome.failures { Issue.record(Comment(rawValue: "\(cell): \(failure)")) }
    }

    /// Sets up the cell's bench, drives it and always tears it down.
    static func run(_ start: MatrixOutcome) async -> MatrixOutcome {
        var outcome = start
        let cell = outcome.cell
        let fault = cell.fault
        var rules: [String] = []
        switch cell.state {
        case .programmed where fault.isLineFault: rules = [fault.rule(at: "STRT", cell.link)]
        case .paused where fault.isLineFault: rules = [fault.rule(at: "RESM", cell.link)]
        case .completing: rules = [fault.rule(at: "vi=\(MatrixState.completingVolumeMl)", cell.link)]
        default: break
        }
        outcome.injected = rules.first.map { "`--fault \($0)`" } ?? "`\(fault.controlLine(cell.link))`"
        let bench: MatrixBench
        do {
            bench = try await MatrixBench.start(
                cell, rules: rules, watchdogSeconds: fault == .silence120 ? MatrixFault.longSilenceWatchdogSeconds : 30)
        } catch {
            outcome.failures.append("setting up: \(error)")
            return outcome
        }
        do {
            try await drive(bench, &outcome)
        } catch {
            outcome.failures.append("\(error)")
        }
        await bench.finish()
        return outcome
    }

    static func drive(_ bench: MatrixBench, _ outcome: inout MatrixOutcome) async throws {
        let cell = bench.cell
        let fault = cell.fault
        let expected = cell.expectation
        let workflow = bench.workflow
        let id = bench.id
        let nurse = MatrixBench.nurse

        // 1. Reach the state and inject the fault; the operator acts where the state has an action.
        try await workflow.program(id, session: bench.session, nurse: nurse)
        var entryMark = bench.entries.count
        var outputMark = bench.simulator.outputMark
        var displayMark = bench.display.count
        var action: String?
        func markNow() {
            entryMark = bench.entries.count
            outputMark = bench.simulator.outputMark
            displayMark = bench.display.count
        }
        func startAndWatch() async throws {
            try await workflow.start(id, session: bench.session, nurse: nurse)
            bench.startSupervision()
            guard await bench.waitForStatus({ $0.state == .running && $0.volumeInfusedMl > 0 }) != nil else {
                throw Failure(description: "supervision never saw the pump running")
            }
        }
        switch cell.state {
        case .programmed:
            if !fault.isLineFault { try await inject(bench) }
            do {
                let started = try await workflow.start(id, session: bench.session, nurse: nurse)
                action = "ok: \(started.state.rawValue)"
            } catch {
                action = error.description
            }
        case .running:
            try await startAndWatch()
            markNow()
            try await inject(bench)
        case .paused:
            try await startAndWatch()
            try await workflow.pause(id, session: bench.session, nurse: nurse)
            markNow()
            if !fault.isLineFault {
                try await inject(bench)
                // The nurse acts on what the watch showed: the alarm (or the restart) reached the journal first.
                _ = await bench.waitForJournal([fault == .reboot ? "workflow.stop" : "pump.alarms"], after: entryMark)
            }
            if try await workflow.record(id).state == .paused {
                do {
                    let resumed = try await workflow.resume(id, session: bench.session, nurse: nurse)
                    action = "ok: \(resumed.state.rawValue)"
                } catch {
                    action = error.description
                }
            }
        case .completing:
            try await workflow.start(id, session: bench.session, nurse: nurse)
            bench.startSupervision()
        }

        // 2. Wait (with deadlines) for the outcome to play out.
        if !(await bench.waitForJournal(expected.journal, after: entryMark)) {
            outcome.failures.append("the journal never showed \(expected.journal)")
        }
        if cell.state == .running, fault == .duplicateReply || fault == .garbageBurst {
            let kind = fault == .duplicateReply ? "tx-duplicate" : "tx-garbage"
            let traced = await bench.waitForTrace(kind)
            outcome.check(traced, "the simulator never traced \(kind)")
            let mark = bench.statuses.count
            let later = await bench.waitForStatus(after: mark + 2) { $0.state == .running }
            outcome.check(later != nil, "polling stopped after \(kind)")
        }
        if let end = fault.endLine {
            do {
                try await bench.simulator.waitForOutput(after: outputMark, deadlineSeconds: 30) { $0.hasPrefix(end) }
            } catch {
                outcome.failures.append("the simulator never printed '\(end)'")
            }
        }

        // 3. Observe: the pump, the controller, the journal, the operator.
        let pump = try await pumpStatus(bench)
        outcome.pumpState = pump.state
        outcome.pumpAlarms = pump.fields["alarms"].map { $0.split(separator: ",").map(String.init) } ?? []
        outcome.alarmsRaised = Set(bench.simulator.output.dropFirst(outputMark).compactMap { line -> String? in
            line.hasPrefix("alarm 1 raised ") ? String(line.dropFirst("alarm 1 raised ".count)) : nil
        }).sorted()
        let record = try await workflow.record(id)
        outcome.controller = record.state.rawValue + (Self.startUnknown(record) ? ", start unknown" : "")
        outcome.journal = MatrixBench.journalEvents(Array(bench.entries.all.dropFirst(entryMark)))
        if action == nil, !expected.operatorSees.isEmpty {
            // The watch's display follows the status that raised the journal entry: give it time to show.
            let (wanted, mark) = (expected.operatorSees, displayMark)
            _ = await bench.display.wait(within: 10) { lines -> Bool? in
                lines.dropFirst(mark).contains { $0.contains(wanted) } ? true : nil
            }
        }
        var shown: [String] = []
        for line in bench.display.all.dropFirst(displayMark)
        where (line.hasPrefix("link ") || line.hasPrefix("ALARMS") || line.hasPrefix("PUMP")) && shown.last != line {
            shown.append(line)
        }
        outcome.operatorSees = action ?? shown.joined(separator: " | ")

        let observed = outcome  // the checks below append to `outcome.failures` while reading what was observed
        outcome.check(observed.pumpState == expected.pumpState, "pump \(observed.pumpState), expected \(expected.pumpState)")
        outcome.check(observed.alarmsRaised == expected.alarmsRaised, "alarms raised \(observed.alarmsRaised), expected \(expected.alarmsRaised)")
        outcome.check(observed.controller == expected.controller, "controller \(observed.controller), expected \(expected.controller)")
        outcome.check(MatrixBench.containsInOrder(expected.journal, Array(bench.entries.all.dropFirst(entryMark))),
                      "journal \(observed.journal), expected in order \(expected.journal)")
        if expected.operatorSees.isEmpty {
            // Nothing beyond the ordinary: no degraded or lost link, no alarm (a first `link connected` may show).
            let alarming = ["link degraded", "link lost", "ALARMS", "PUMP"].filter { observed.operatorSees.contains($0) }
            outcome.check(alarming.isEmpty, "the nurse was shown \(observed.operatorSees), expected nothing")
        } else {
            outcome.check(observed.operatorSees.contains(expected.operatorSees), "the nurse was shown '\(observed.operatorSees)', expected '\(expected.operatorSees)'")
        }

        // 4. Settle as the ward would: `watch` settles an unknown START from the pump, then the nurse stops.
        await bench.stopSupervision()
        let settleMark = bench.entries.count
        var settled = try await workflow.record(id)
        let delivering: Set<PreparationState> = [.infusing, .paused, .completed]
        if Self.startUnknown(settled) || delivering.contains(settled.state) {
            try await bench.reopenSession()
            if Self.startUnknown(settled) {
                bench.startSupervision()
                let decided = await bench.entries.wait(within: 30) { all -> Bool? in
                    all.dropFirst(settleMark).contains { $0.event == "workflow.start" || $0.event == "workflow.start-failed" } ? true : nil
                }
                outcome.check(decided == true, "watch never settled the START")
                await bench.stopSupervision()
                settled = try await workflow.record(id)
            }
            if delivering.contains(settled.state) {
                try await workflow.stop(id, session: bench.session, nurse: nurse)
            }
        }
        outcome.then = MatrixBench.journalEvents(Array(bench.entries.all.dropFirst(settleMark)))
            .filter { $0.hasPrefix("workflow.") || $0 == "pump.kvo-stopped" }

        // 5. Invariants.
        try await checkInvariants(bench, &outcome)
    }

    /// A START was journalled as about to be sent, and neither its success nor its failure has been recorded yet:
    /// the record is still `programmed` (`startRequested` stays true once the start is confirmed).
    static func startUnknown(_ record: PreparationRecord) -> Bool {
        record.state == .programmed && record.startRequested
    }

    static func checkInvariants(_ bench: MatrixBench, _ outcome: inout MatrixOutcome) async throws {
        // The volume: the pump is still now (stopped, idle or never started).
        let pump = try await pumpStatus(bench)
        let record = try await bench.workflow.record(bench.id)
        let pumpVolume = pump.fields["vi"].flatMap { Decimal(string: $0) }
        outcome.check(pumpVolume != nil && record.volumeInfusedMl == pumpVolume,
                      "journal volume \(record.volumeInfusedMl) mL, pump \(pump.fields["vi"] ?? "?") mL")
        outcome.invariants.append("volume \(record.volumeInfusedMl) mL = pump \(pump.fields["vi"] ?? "?")")

        let verification = try await bench.journal.verify()
        outcome.check(verification.isIntact, "the journal does not verify: \(verification)")
        if verification.isIntact { outcome.invariants.append("journal verifies") }

        let received = bench.simulator.errorOutput.filter { MatrixBench.traceKind(of: $0) == "rx" }
        func sequences(_ code: String) -> Set<String> {
            Set(received.filter { $0.contains("|CMD|\(code)|") }.compactMap { line in
                let fields = line.split(separator: "|", omittingEmptySubsequences: false)
                return fields.count > 1 ? String(fields[1]) : nil
            })
        }
        let starts = sequences("STRT")
        outcome.check(starts.count <= 1, "\(starts.count) START requests (sequences \(starts.sorted())) reached the pump")
        let runningLines = bench.simulator.output.filter { $0.hasPrefix("state 1 running") }.count
        outcome.check(runningLines <= starts.count + sequences("RESM").count,
                      "the pump entered running \(runningLines) times for \(starts.count) STRT and \(sequences("RESM").count) RESM")
        outcome.invariants.append("STRT requests: \(starts.count)")

        let entries = try await bench.journal.entries()
        let tokens = entries.filter { $0.event == "workflow.program" }.compactMap { entry -> String? in
            if case .string(let token)? = entry.data["token"] { return token }
            return nil
        }
        let strtTokens = Set(received.filter { $0.contains("|CMD|STRT|") }.compactMap { line -> String? in
            guard let range = line.range(of: "token=") else { return nil }
            return String(line[range.upperBound...].prefix { $0.isHexDigit || $0.isLetter || $0.isNumber })
        })
        outcome.check(strtTokens.isSubset(of: Set(tokens)), "STRT tokens \(strtTokens.sorted()) are not the read-back \(tokens)")
        if let intent = entries.firstIndex(where: { exchange($0, "STRT", phase: "intent") }) {
            let programmed = entries[..<intent].lastIndex { $0.event == "workflow.program" } ?? 0
            let between = entries[programmed..<intent]
            let readBack = between.contains { exchange($0, "READ", phase: "completed") && answered($0, "READ") }
            let stat = between.contains { exchange($0, "STAT", phase: "completed") && answered($0, "STAT") }
            outcome.check(readBack && stat, "the START intent does not follow an answered READ and STAT since programming")
            if readBack && stat { outcome.invariants.append("START only after READ+STAT") }
        }
    }

    static func exchange(_ entry: JournalEntry, _ command: String, phase: String) -> Bool {
        entry.event == "pump.exchange" && entry.data["command"] == .string(command) && entry.data["phase"] == .string(phase)
    }

    static func answered(_ entry: JournalEntry, _ command: String) -> Bool {
        if case .string(let text)? = entry.data["outcome"] { return text.contains("|ACK|\(command)|") }
        return false
    }

    /// Injects the cell's fault on the control channel and waits for the simulator's `ok`.
    static func inject(_ bench: MatrixBench) async throws {
        let line = bench.cell.fault.controlLine(bench.cell.link)
        let reply = try await bench.simulator.control(line)
        guard reply.hasPrefix("ok ") else { throw Failure(description: "the simulator refused '\(line)': \(reply)") }
    }

    /// The pump's status as the simulator prints it for the control command `status`.
    static func pumpStatus(_ bench: MatrixBench) async throws -> (state: String, fields: [String: String]) {
        let mark = bench.simulator.outputMark
        _ = try await bench.simulator.control("status")
        guard let line = bench.simulator.output.dropFirst(mark).last(where: { $0.hasPrefix("status 1 ") }) else {
            throw Failure(description: "the simulator printed no status")
        }
        let words = line.split(separator: " ").map(String.init)
        var fields: [String: String] = [:]
        for word in words.dropFirst(3) {
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return (words.count > 2 ? words[2] : "?", fields)
    }
}
