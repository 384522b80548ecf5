import Foundation
import Journal
import Monograph
import Preparation
import Scanning

/// The preparation-to-infusion workflow: one state machine per preparation, every step journalled.
///
/// The journal is the single source of truth: the in-memory records are rebuilt from it when the workflow opens
/// (after a crash, too) and updated only from entries the journal confirmed as written. A step the journal cannot
/// record does not happen. Illegal transitions and failed guards are refused with a clear error and the refusal is
/// itself journalled, naming who asked.
public actor Workflow {
    /// The journal every step is written to.
    public let journal: Journal
    let monograph: Monograph
    let engine: PreparationEngine
    let products: ProductList
    let site: SiteConfiguration
    let clock: any WallClock
    let makeId: @Sendable () -> String
    var records: [String: PreparationRecord] = [:]
    var creationOrder: [String] = []
    var journalObserver: (@Sendable ([JournalEntry]) -> Void)?

    /// Calls `observer` with the entries of every write, once the journal has confirmed them as durable: what a
    /// crash test compares with the journal after the process was killed ("nothing reported as written is lost").
    public func observeJournal(_ observer: @escaping @Sendable ([JournalEntry]) -> Void) {
        journalObserver = observer
    }

    private init(
        journal: Journal, monograph: Monograph, products: ProductList, site: SiteConfiguration,
        clock: any WallClock, makeId: @escaping @Sendable () -> String
    ) {
        self.journal = journal
        self.monograph = monograph
        self.engine = PreparationEngine(monograph: monograph)
        self.products = products
        self.site = site
        self.clock = clock
        self.makeId = makeId
    }

    /// Opens the workflow over a journal that has already been verified, rebuilding every preparation from it.
    public static func open(
        journal: Journal, monograph: Monograph, products: ProductList, site: SiteConfiguration,
        clock: any WallClock = SystemWallClock(), makeId: @escaping @Sendable () -> String = Workflow.randomPreparationId
    ) async throws(WorkflowError) -> Workflow {
        let workflow = Workflow(journal: journal, monograph: monograph, products: products, site: site, clock: clock, makeId: makeId)
        let entries: [JournalEntry]
        do {
            entries = try await journal.entries()
        } catch {
            throw .journal(error)
        }
        try await workflow.replay(entries)
        return workflow
    }

    /// A fresh preparation id, `P-` and 10 random upper-case letters and digits (also the bag's identifier).
    public static func randomPreparationId() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return "P-" + String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    // MARK: Reading

    /// One preparation.
    public func record(_ id: String) throws(WorkflowError) -> PreparationRecord {
        guard let record = records[id] else { throw .unknownPreparation(id) }
        return record
    }

    /// Every preparation, oldest first.
    public func allRecords() -> [PreparationRecord] {
        creationOrder.compactMap { records[$0] }
    }

    /// Preparations whose pump must be re-attached after a restart (programmed, infusing or paused).
    public func openPumpPreparations() -> [PreparationRecord] {
        allRecords().filter { $0.state.involvesPump }
    }

    // MARK: Replay

    private func replay(_ entries: [JournalEntry]) throws(WorkflowError) {
        for entry in entries { try apply(entry) }
    }

    func apply(_ entry: JournalEntry) throws(WorkflowError) {
        guard let id = entry.preparationId else { return }
        if entry.event == WorkflowStep.order.event {
            guard records[id] == nil else {
                throw .journalInconsistent(sequence: entry.sequenceNumber, why: "preparation \(id) is ordered twice")
            }
            records[id] = try PreparationRecord(orderEntry: entry)
            creationOrder.append(id)
            return
        }
        guard var record = records[id] else {
            if entry.event.hasPrefix("workflow.") && WorkflowStep(rawValue: String(entry.event.dropFirst("workflow.".count))) != nil {
                throw .journalInconsistent(sequence: entry.sequenceNumber, why: "\(entry.event) for preparation \(id), which was never ordered")
            }
            return
        }
        try record.apply(entry)
        records[id] = record
    }

    // MARK: Writing

    /// Appends drafts in one transaction and applies what the journal confirmed.
    @discardableResult
    func write(_ drafts: [JournalEntryDraft]) async throws(WorkflowError) -> [JournalEntry] {
        let entries: [JournalEntry]
        do {
            entries = try await journal.append(contentsOf: drafts)
        } catch {
            if error.entriesWereWritten, case .anchorUpdateFailed(_, _, let written) = error {
                for entry in written { try apply(entry) }
            }
            throw .journal(error)
        }
        for entry in entries { try apply(entry) }
        journalObserver?(entries)
        return entries
    }

    /// The draft of a step's entry, with `from` and `to` states.
    func draft(
        _ step: WorkflowStep, _ record: PreparationRecord, actor: String, to target: PreparationState,
        _ data: [String: JournalValue] = [:]
    ) -> JournalEntryDraft {
        var data = data
        data["from"] = .string(record.state.rawValue)
        data["to"] = .string(target.rawValue)
        return JournalEntryDraft(time: clock.now(), actor: actor, preparationId: record.id, event: step.event, data: data)
    }

    /// Takes `step` on `id`: checks the transition table, then writes the entry. Refusals are journalled and thrown.
    @discardableResult
    func transition(
        _ id: String, _ step: WorkflowStep, actor: String, to explicitTarget: PreparationState? = nil,
        _ data: [String: JournalValue] = [:]
    ) async throws(WorkflowError) -> PreparationRecord {
        let record = try await checkedRecord(id, step, actor: actor)
        guard let target = explicitTarget ?? StateMachine.target(of: step, from: record.state) else {
            throw .journalInconsistent(sequence: record.lastSequence, why: "no target for \(step.rawValue) from \(record.state.rawValue)")
        }
        try await write([draft(step, record, actor: actor, to: target, data)])
        return try self.record(id)
    }

    /// The record, after checking that `actor` is a valid name and `step` is legal from its state (journals a refusal).
    func checkedRecord(_ id: String, _ step: WorkflowStep, actor: String) async throws(WorkflowError) -> PreparationRecord {
        try Self.validatePerson(actor, field: step.personOption)
        let record = try self.record(id)
        guard StateMachine.allows(step, from: record.state) else {
            let allowed = StateMachine.sources(of: step).sorted { $0.rawValue < $1.rawValue }
            let error = WorkflowError.illegalTransition(preparationId: id, step: step, state: record.state, allowedFrom: allowed)
            try await journalRefusal(record, step, actor: actor, reason: error.description)
            throw error
        }
        return record
    }

    /// Journals a refused step, then throws it.
    func refuse(_ record: PreparationRecord, _ step: WorkflowStep, actor: String, _ reason: String) async throws(WorkflowError) -> Never {
        try await journalRefusal(record, step, actor: actor, reason: reason)
        throw .refused(preparationId: record.id, step: step, reason: reason)
    }

    private func journalRefusal(_ record: PreparationRecord, _ step: WorkflowStep, actor: String, reason: String) async throws(WorkflowError) {
        let safeActor = (try? Self.validatePerson(actor, field: "--by")) != nil ? actor : JournalEntryDraft.systemActor
        try await write([JournalEntryDraft(
            time: clock.now(), actor: safeActor, preparationId: record.id, event: "workflow.refused",
            data: ["step": .string(step.rawValue), "state": .string(record.state.rawValue), "reason": .string(reason)])])
    }

    /// Checks a person's identifier as every step does, for a command to call before it opens a pump line: a
    /// malformed `--nurse` is refused before any exchange with the pump is journalled.
    public static func checkPerson(_ id: String, option: String) throws(WorkflowError) {
        try validatePerson(id, field: option)
    }

    /// A person's identifier: 1-64 letters, digits, `.`, `_` or `-`.
    static func validatePerson(_ id: String, field: String) throws(WorkflowError) {
        try validateIdentifier(id, field: field, what: "a person's identifier")
    }

    static func validateIdentifier(_ id: String, field: String, what: String) throws(WorkflowError) {
        let allowed = id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
        guard !id.isEmpty, id.count <= 64, allowed else {
            throw .badInput(field: field, message: "must be \(what): 1-64 letters, digits, '.', '_' or '-'")
        }
    }
}
