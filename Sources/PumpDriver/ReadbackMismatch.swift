import PumpProtocol

/// One field of a read-back program that differs from what was sent: the reason nothing may be started.
public struct ReadbackMismatch: Sendable, Hashable, CustomStringConvertible {
    /// The field, by its wire key (`rate`, `vtbi`, `drug`, `conc`, `wdog`).
    public let field: PayloadKey
    /// The value sent in SETP (or expected by `verify`), as written on the wire.
    public let sent: String
    /// The value the pump read back.
    public let readBack: String

    /// Creates a mismatch.
    public init(field: PayloadKey, sent: String, readBack: String) {
        self.field = field
        self.sent = sent
        self.readBack = readBack
    }

    /// `rate: sent 66.6, read back 66.7`.
    public var description: String { "\(field): sent \(sent), read back \(readBack)" }

    /// Every field of `readBack` that differs from `sent`, compared as exact decimals (66.6 and 66.60 are equal;
    /// 66.6 and 66.65 are not), texts and whole numbers exactly.
    static func compare(sent: PumpProgram, readBack: PumpProgram) -> [ReadbackMismatch] {
        var mismatches: [ReadbackMismatch] = []
        func check(_ field: PayloadKey, _ equal: Bool, _ sentText: String, _ readText: String) {
            if !equal { mismatches.append(ReadbackMismatch(field: field, sent: sentText, readBack: readText)) }
        }
        check(.rate, sent.rateMlPerHour == readBack.rateMlPerHour, "\(sent.rateMlPerHour)", "\(readBack.rateMlPerHour)")
        check(.vtbi, sent.vtbiMl == readBack.vtbiMl, "\(sent.vtbiMl)", "\(readBack.vtbiMl)")
        check(.drug, sent.drugId == readBack.drugId, sent.drugId, readBack.drugId)
        check(
            .conc, sent.concentrationMgPerMl == readBack.concentrationMgPerMl, "\(sent.concentrationMgPerMl)",
            "\(readBack.concentrationMgPerMl)")
        check(.wdog, sent.watchdogSeconds == readBack.watchdogSeconds, "\(sent.watchdogSeconds)", "\(readBack.watchdogSeconds)")
        return mismatches
    }
}
