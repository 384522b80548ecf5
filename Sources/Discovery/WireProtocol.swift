/// The byte protocol a pump speaks; a profile names it so a pump that speaks another one is never driven with this one.
public enum WireProtocol: String, Sendable, CaseIterable {
    /// The protocol of `docs/protocol.md`, implemented by the `PumpProtocol` module.
    case pumpProtocol1 = "pump-protocol-1"
}
