import Transport

/// How to recognise one kind of pump connection and how to talk to it, as `Config/pumps.yaml` says.
public struct PumpProfile: Sendable, Equatable {
    /// A short name (`generic-ftdi`), shown by `infusion ports` and used to choose a profile explicitly.
    public let name: String
    /// What the profile is for, for the person reading the list.
    public let summary: String
    /// The adapters this profile applies to; empty for a profile chosen only by name.
    public let matchRules: [ProfileMatchRule]
    /// Line speed.
    public let baudRate: BaudRate
    /// Byte framing (only 8N1 exists).
    public let framing: LineFraming
    /// The byte protocol the pump speaks.
    public let wireProtocol: WireProtocol
    /// How long the driver waits for a reply before it counts the attempt as lost.
    public let replyTimeout: Duration
    /// How many times the driver may repeat a request whose reply was lost (the driver decides which requests are
    /// safe to repeat).
    public let retryCount: Int

    /// Creates a profile.
    public init(
        name: String, summary: String, matchRules: [ProfileMatchRule], baudRate: BaudRate, framing: LineFraming,
        wireProtocol: WireProtocol, replyTimeout: Duration, retryCount: Int
    ) {
        self.name = name
        self.summary = summary
        self.matchRules = matchRules
        self.baudRate = baudRate
        self.framing = framing
        self.wireProtocol = wireProtocol
        self.replyTimeout = replyTimeout
        self.retryCount = retryCount
    }

    /// The endpoint for this profile's pump at `devNode`: termios for a pseudo-terminal, libserialport otherwise.
    public func endpoint(devNode: String) -> Endpoint {
        .device(devNode, baudRate: baudRate)
    }
}
