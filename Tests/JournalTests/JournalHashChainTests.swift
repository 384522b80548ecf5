import Foundation
import Journal
import Testing

/// The hash chain checked against values computed outside this code, with coreutils:
///
///     R1='{"actor":"nurse-017","data":{"command":"START","rateMlPerHour":12.5,"vtbiMl":100},"event":"pump.command","preparationId":"PREP-0001","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"time":"2025-03-14T09:26:53.589Z"}'
///     printf '%s' "$R1" | sha256sum    # 58e69d84b6114abb0f60073a05685573cf697d1b78dc0df29cec69011e2ce71e
///     R2='{"actor":"controller","data":{"reply":"OK","text":"line1\nline2 \"q\""},"event":"pump.reply","preparationId":null,"prevHash":"58e69d84b6114abb0f60073a05685573cf697d1b78dc0df29cec69011e2ce71e","seq":2,"time":"2025-03-14T09:26:54.002Z"}'
///     printf '%s' "$R2" | sha256sum    # c783f10518a31a87c9d46c7acaf4d523b66f239f2f375cffb79438a0e4b7df8b
@Suite("Hash chain: canonical record bytes and SHA-256 worked out by hand", .temporaryJournals)
struct JournalHashChainTests {
    static let genesis = "0000000000000000000000000000000000000000000000000000000000000000"
    static let record1 = #"{"actor":"nurse-017","data":{"command":"START","rateMlPerHour":12.5,"vtbiMl":100},"event":"pump.command","preparationId":"PREP-0001","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"time":"2025-03-14T09:26:53.589Z"}"#
    static let hash1 = "58e69d84b6114abb0f60073a05685573cf697d1b78dc0df29cec69011e2ce71e"
    static let record2 = #"{"actor":"controller","data":{"reply":"OK","text":"line1\nline2 \"q\""},"event":"pump.reply","preparationId":null,"prevHash":"58e69d84b6114abb0f60073a05685573cf697d1b78dc0df29cec69011e2ce71e","seq":2,"time":"2025-03-14T09:26:54.002Z"}"#
    static let hash2 = "c783f10518a31a87c9d46c7acaf4d523b66f239f2f375cffb79438a0e4b7df8b"

    /// The two drafts behind `record1` and `record2` (data given in a different key order and with 12.50).
    static func drafts() throws -> [JournalEntryDraft] {
        [
            JournalEntryDraft(
                time: Date(timeIntervalSince1970: 1_741_944_413.589), actor: "nurse-017", preparationId: "PREP-0001",
                event: "pump.command",
                data: ["vtbiMl": 100, "rateMlPerHour": .number(try #require(Decimal(string: "12.50"))), "command": "START"]),
            JournalEntryDraft(
                time: Date(timeIntervalSince1970: 1_741_944_414.002), actor: "controller", preparationId: nil,
                event: "pump.reply", data: ["text": "line1\nline2 \"q\"", "reply": "OK"]),
        ]
    }

    @Test("the genesis value is 64 zeros")
    func genesis() {
        #expect(JournalCanonicalEncoding.genesisHash == Self.genesis)
    }

    @Test("the canonical record of an entry is exactly the documented bytes")
    func recordBytes() {
        let record = JournalCanonicalEncoding.record(
            sequenceNumber: 1, time: "2025-03-14T09:26:53.589Z", actor: "nurse-017", preparationId: "PREP-0001",
            event: "pump.command", dataJSON: #"{"command":"START","rateMlPerHour":12.5,"vtbiMl":100}"#,
            previousHash: Self.genesis)
        #expect(record == Self.record1)
        #expect(JournalCanonicalEncoding.sha256Hex(Self.record1) == Self.hash1)
        #expect(JournalCanonicalEncoding.sha256Hex(Self.record2) == Self.hash2)
    }

    @Test("appending the two drafts stores exactly the hand-computed chain")
    func appendedChain() async throws {
        let journal = try Journal.openVerified(at: try JournalFixture.freshPath("hash"))
        let entries = try await journal.append(contentsOf: try Self.drafts())
        #expect(entries.map(\.sequenceNumber) == [1, 2])
        #expect(entries.map(\.previousHash) == [Self.genesis, Self.hash1])
        #expect(entries.map(\.hash) == [Self.hash1, Self.hash2])
        #expect(entries.map(\.dataJSON) == [
            #"{"command":"START","rateMlPerHour":12.5,"vtbiMl":100}"#, #"{"reply":"OK","text":"line1\nline2 \"q\""}"#,
        ])
        #expect(try await journal.verify() == .intact(JournalIntegrity(entryCount: 2, headHash: Self.hash2, anchoredSequenceNumber: 2)))
        try await journal.close()
    }

    @Test("the same two entries appended one at a time give the same chain")
    func appendedOneByOne() async throws {
        let journal = try Journal.openVerified(at: try JournalFixture.freshPath("hash-single"))
        let drafts = try Self.drafts()
        let first = try await journal.append(drafts[0])
        let second = try await journal.append(drafts[1])
        #expect([first.hash, second.hash] == [Self.hash1, Self.hash2])
        try await journal.close()
    }
}
