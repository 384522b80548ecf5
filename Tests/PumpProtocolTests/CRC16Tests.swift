import PumpProtocol
import Testing

/// CRC-16/CCITT-FALSE against the catalogue check value and values computed independently with Python's
/// `binascii.crc_hqx(data, 0xFFFF)`.
@Suite struct CRC16Tests {
    @Test func checkValueOf123456789IsTheCatalogueValue() {
        #expect(CRC16.ccittFalse(Array("123456789".utf8)) == 0x29B1)
        #expect(CRC16.checkValue == 0x29B1)
    }

    @Test func emptyInputLeavesTheInitialValue() {
        #expect(CRC16.ccittFalse([UInt8]()) == 0xFFFF)
    }

    @Test(arguments: [
        ("A", UInt16(0xB915)),
        ("01|0001|CMD|IDEN|000|", UInt16(0xB133)),
        ("The quick brown fox jumps over the lazy dog", UInt16(0x8FDD)),
    ])
    func matchesPythonCrcHqx(text: String, expected: UInt16) {
        #expect(CRC16.ccittFalse(Array(text.utf8)) == expected)
    }

    @Test func zeroBytesAreNotInvisible() {
        // With initial value 0xFFFF leading zero bytes change the CRC (binascii.crc_hqx(b'\0' * 4, 0xFFFF) = 0x84C0).
        #expect(CRC16.ccittFalse([0, 0, 0, 0]) == 0x84C0)
    }
}
