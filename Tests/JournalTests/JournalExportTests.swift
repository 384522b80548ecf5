import Foundation
import Journal
import Testing

@Suite("Audit export: JSON Lines and CSV", .temporaryJournals)
struct JournalExportTests {
    static let hash1 = JournalHashChainTests.hash1
    static let hash2 = JournalHashChainTests.hash2
    static let genesis = JournalHashChainTests.genesis

    static let expectedJSONLines =
        #"{"seq":1,"time":"2025-03-14T09:26:53.589Z","actor":"nurse-017","preparationId":"PREP-0001","event":"pump.command","data":{"command":"START","rateMlPerHour":12.5,"vtbiMl":100},"prevHash":"0000000000000000000000000000000000000000000000000000000000000000","hash":"58e69d84b6114abb0f60073a05685573cf697d1b78dc0df29cec69011e2ce71e"}"# + "\n"
        + #"{"seq":2,"time":"2025-03-14T09:26:54.002Z","actor":"controller","preparationId":null,"event":"pump.reply","data":{"reply":"OK","text":"line1\nline2 \"q\""},"prevHash":"58e69d84b6114abb0f60073a05685573cf697d1b78dc0df29cec69011e2ce71e","hash":"c783f10518a31a87c9d46c7acaf4d523b66f239f2f375cffb79438a0e4b7df8b"}"# + "\n"

    static let expectedCSV =
        "seq,time,actor,preparationId,event,data,prevHash,hash\r\n"
        + #"1,2025-03-14T09:26:53.589Z,nurse-017,PREP-0001,pump.command,"{""command"":""START"",""rateMlPerHour"":12.5,""vtbiMl"":100}",0000000000000000000000000000000000000000000000000000000000000000,58e69d84b6114abb0f60073a05685573cf697d1b78dc0df29cec69011e2ce71e"# + "\r\n"
        + #"2,2025-03-14T09:26:54.002Z,controller,,pump.reply,"{""reply"":""OK"",""text"":""line1\nline2 \""q\""""}",58e69d84b6114abb0f60073a05685573cf697d1b78dc0df29cec69011e2ce71e,c783f10518a31a87c9d46c7acaf4d523b66f239f2f375cffb79438a0e4b7df8b"# + "\r\n"

    @Test("a journal exports the hand-checked entries as exactly the expected JSON Lines and CSV")
    func exportText() async throws {
        let journal = try Journal.openVerified(at: try JournalFixture.freshPath("export"))
        _ = try await journal.append(contentsOf: try JournalHashChainTests.drafts())
        #expect(try await journal.export(.jsonLines) == Self.expectedJSONLines)
        #expect(try await journal.export(.csv) == Self.expectedCSV)
        try await journal.close()
    }

    @Test("streaming to a file handle writes the same bytes as the text export", arguments: JournalExportFormat.allCases)
    func exportStream(format: JournalExportFormat) async throws {
        let path = try JournalFixture.freshPath("export-stream")
        let journal = try Journal.openVerified(at: path)
        _ = try await journal.append(contentsOf: try JournalHashChainTests.drafts())
        let output = path + ".export"
        #expect(FileManager.default.createFile(atPath: output, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        try await journal.export(format, to: handle)
        try handle.close()
        let expected = format == .csv ? Self.expectedCSV : Self.expectedJSONLines
        #expect(JournalFixture.bytes(output) == Data(expected.utf8))
        try await journal.close()
    }

    @Test("CSV quotes fields holding a comma or a quote, doubling the quote (RFC 4180)")
    func csvQuoting() throws {
        let entry = try JournalEntry(
            sequenceNumber: 7, time: try #require(JournalTimestamp(millisecondsSince1970: 0)), actor: "Smith, J.",
            preparationId: #"PREP "7""#, event: "note", data: [:], previousHash: "p", hash: "h")
        #expect(JournalExportFormat.csv.line(for: entry)
            == #"7,1970-01-01T00:00:00.000Z,"Smith, J.","PREP ""7""",note,{},p,h"# + "\r\n")
        #expect(JournalExportFormat.jsonLines.line(for: entry)
            == #"{"seq":7,"time":"1970-01-01T00:00:00.000Z","actor":"Smith, J.","preparationId":"PREP \"7\"","event":"note","data":{},"prevHash":"p","hash":"h"}"# + "\n")
    }

    @Test("an empty journal exports as the header only")
    func emptyExport() async throws {
        let journal = try Journal.openVerified(at: try JournalFixture.freshPath("export-empty"))
        #expect(try await journal.export(.csv) == "seq,time,actor,preparationId,event,data,prevHash,hash\r\n")
        #expect(try await journal.export(.jsonLines) == "")
        try await journal.close()
    }
}
