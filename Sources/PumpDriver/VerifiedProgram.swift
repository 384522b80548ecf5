import PumpProtocol

/// A program the pump read back exactly as intended, with the token START needs: the only key to `start(_:)`.
///
/// There is no public initialiser: only `PumpDriver.programAndVerify(_:)` and `PumpDriver.verify(_:)` create one,
/// after comparing every field of the read-back with the intended program and confirming with a status that the pump
/// is `programmed` under the boot identifier recorded at connection. It is bound to the driver and the boot it came
/// from, so it cannot start another pump, or the same pump after a restart.
public struct VerifiedProgram: Sendable, Hashable {
    /// The program as the pump stored it (equal, field by field, to the intended one).
    public let program: PumpProgram
    /// The token of that stored program, learned from READ.
    public let token: ProgramToken
    /// The boot identifier of the pump when it was verified.
    public let bootId: BootId
    /// The pump's address.
    public let address: PumpAddress
    /// The driver instance that verified it.
    let driverId: UInt64

    init(program: PumpProgram, token: ProgramToken, bootId: BootId, address: PumpAddress, driverId: UInt64) {
        self.program = program
        self.token = token
        self.bootId = bootId
        self.address = address
        self.driverId = driverId
    }
}
