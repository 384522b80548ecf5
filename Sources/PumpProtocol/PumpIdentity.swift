/// What a pump says about itself in reply to IDENTIFY (docs/protocol.md §7.2).
///
/// The client checks the protocol major version before anything else and records the serial number (to confirm it
/// drives the intended pump) and the boot identifier (to detect a reboot later).
public struct PumpIdentity: Sendable, Hashable {
    /// Model name, 1–32 printable ASCII characters.
    public let model: String
    /// Serial number, 1–32 printable ASCII characters.
    public let serialNumber: String
    /// Firmware version, 1–16 printable ASCII characters.
    public let firmwareVersion: String
    /// The protocol version the pump speaks.
    public let protocolVersion: ProtocolVersion
    /// The identifier of this power-up.
    public let bootId: BootId

    /// Creates an identity, refusing texts the wire does not accept (checked in field order).
    public init(
        model: String, serialNumber: String, firmwareVersion: String, protocolVersion: ProtocolVersion,
        bootId: BootId
    ) throws(FieldValueError) {
        for (key, text, length) in [
            (PayloadKey.model, model, PumpLimits.identityTextLength),
            (.serial, serialNumber, PumpLimits.identityTextLength),
            (.fw, firmwareVersion, PumpLimits.firmwareTextLength),
        ] {
            if let problem = TextRule.identityProblem(text, length: length) {
                throw FieldValueError(field: key, problem: problem)
            }
        }
        self.model = model
        self.serialNumber = serialNumber
        self.firmwareVersion = firmwareVersion
        self.protocolVersion = protocolVersion
        self.bootId = bootId
    }

    static let keys: [PayloadKey] = [.model, .serial, .fw, .proto, .boot]

    var fields: [PayloadField] {
        [
            PayloadField(.model, model), PayloadField(.serial, serialNumber), PayloadField(.fw, firmwareVersion),
            PayloadField(.proto, protocolVersion.description), PayloadField(.boot, bootId.description),
        ]
    }

    init(reading frame: Frame) throws(MessageError) {
        let reader = try FieldReader(frame, accepted: Self.keys, required: Self.keys, strict: false)
        let model = try reader.checkedText(.model) { TextRule.identityProblem($0, length: PumpLimits.identityTextLength) }
        let serial = try reader.checkedText(.serial) {
            TextRule.identityProblem($0, length: PumpLimits.identityTextLength)
        }
        let firmware = try reader.checkedText(.fw) { TextRule.identityProblem($0, length: PumpLimits.firmwareTextLength) }
        let version = try reader.parsed(.proto, ProtocolVersion.init(wireText:))
        let boot = try reader.parsed(.boot, BootId.init(wireText:))
        do {
            try self.init(
                model: model, serialNumber: serial, firmwareVersion: firmware, protocolVersion: version, bootId: boot)
        } catch {
            throw .badValue(error)
        }
    }
}
