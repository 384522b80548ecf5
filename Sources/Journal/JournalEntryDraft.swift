import Foundation

/// What a caller asks the journal to record; the journal adds the sequence number and the hashes.
///
/// The time is an argument because the journal never reads a clock: the caller owns the clock (and can inject one in
/// tests), and the journal records exactly what it was told, to the millisecond.
public struct JournalEntryDraft: Sendable, Equatable {
    /// The actor for entries the software records on its own behalf (start-up, recovery, the journal itself).
    public static let systemActor = "system"
    /// The actor for entries the pump controller records (commands sent, replies, alarms).
    public static let controllerActor = "controller"

    /// When it happened, as the caller's clock says (recorded in UTC, rounded to the millisecond).
    public var time: Date
    /// Who did it: a person's id, `system` or `controller`.
    public var actor: String
    /// The preparation it concerns, if any.
    public var preparationId: String?
    /// What happened, as a short code (`workflow.transition`, `pump.command`, `alarm.occlusion`).
    public var event: String
    /// The details, as a JSON object.
    public var data: [String: JournalValue]

    /// Creates a draft; nothing is checked until `Journal.append`, which refuses a bad draft with `invalidEntry`.
    public init(
        time: Date,
        actor: String,
        preparationId: String? = nil,
        event: String,
        data: [String: JournalValue] = [:]
    ) {
        self.time = time
        self.actor = actor
        self.preparationId = preparationId
        self.event = event
        self.data = data
    }
}
