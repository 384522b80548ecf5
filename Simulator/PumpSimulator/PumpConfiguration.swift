import PumpProtocol

/// How one simulated pump is set up: its address, what IDEN reports, its battery at power-up and whether it sends
/// unsolicited events.
public struct PumpConfiguration: Sendable, Hashable {
    /// The model name reported by IDEN: says plainly that this is the simulator.
    public static let defaultModel = "VP-1 Volumetric (pump-sim)"
    /// The firmware version reported by IDEN.
    public static let defaultFirmware = "sim-1.0"
    /// The serial number when `--serial` is not given.
    public static let defaultSerial = "SIM-0001"

    /// The pump's address on the line.
    public let address: PumpAddress
    /// Model, serial and firmware as IDEN reports them (`PumpIdentity` checks them when the pump is created).
    public let model: String
    /// Serial number; unique per pump on a line.
    public let serialNumber: String
    /// Firmware version.
    public let firmwareVersion: String
    /// Battery charge at the simulator's start, 0–100 %.
    public let batteryPercent: Int
    /// True on point-to-point links (RS-232, TCP), where the pump reports alarms with `EVT` frames (§11); false on
    /// a shared (RS-485) line, where a pump speaks only when addressed.
    public let sendsEvents: Bool

    /// Creates a configuration; texts are checked when the pump is created.
    public init(
        address: PumpAddress, serialNumber: String = Self.defaultSerial, model: String = Self.defaultModel,
        firmwareVersion: String = Self.defaultFirmware, batteryPercent: Int = 100, sendsEvents: Bool = true
    ) {
        self.address = address
        self.model = model
        self.serialNumber = serialNumber
        self.firmwareVersion = firmwareVersion
        self.batteryPercent = min(max(batteryPercent, 0), 100)
        self.sendsEvents = sendsEvents
    }
}
