/// A serial adapter plugged in or pulled out, as the udev monitor reported it.
public struct PortEvent: Sendable, Equatable {
    /// What happened.
    public enum Action: String, Sendable {
        /// An adapter appeared (`add`).
        case added = "add"
        /// An adapter went away (`remove`).
        case removed = "remove"
    }

    /// What happened.
    public let action: Action
    /// The adapter, described from the event's properties (and, on arrival, its USB attributes).
    public let adapter: SerialAdapter

    /// Creates an event.
    public init(action: Action, adapter: SerialAdapter) {
        self.action = action
        self.adapter = adapter
    }

    /// The event for udev action `action` on `record`, or nil when it is not an arrival or removal of a serial
    /// adapter (udev also reports `change`, `bind`, and ttys that are no adapters).
    public init?(action: String, record: UdevRecord) {
        guard let kind = Action(rawValue: action), let adapter = SerialAdapter(record: record) else { return nil }
        self.init(action: kind, adapter: adapter)
    }
}
