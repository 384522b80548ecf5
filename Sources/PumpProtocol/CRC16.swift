/// The frame check of the pump protocol: CRC-16/CCITT-FALSE (docs/protocol.md §3.3).
///
/// Chosen because it is the CRC of the BD Alaris Asena protocol that engineers already know, it is in every CRC
/// catalogue, and Python computes it with `binascii.crc_hqx(data, 0xFFFF)`, so an independent client needs no code
/// from us. Parameters: polynomial 0x1021, initial value 0xFFFF, no reflection, final XOR 0x0000.
public enum CRC16 {
    /// The CRC of the nine ASCII bytes `123456789`, the catalogue's check value for this CRC.
    public static let checkValue: UInt16 = 0x29B1

    /// Computes CRC-16/CCITT-FALSE over `bytes`.
    public static func ccittFalse(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc = table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)] ^ (crc << 8)
        }
        return crc
    }

    /// One entry per leading byte: the register after shifting that byte through the polynomial bit by bit.
    private static let table: [UInt16] = (0...255).map { (index: Int) -> UInt16 in
        var register = UInt16(index) << 8
        for _ in 0..<8 {
            register = register & 0x8000 != 0 ? (register << 1) ^ 0x1021 : register << 1
        }
        return register
    }
}
