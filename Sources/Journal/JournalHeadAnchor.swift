/// The head anchor: the last sequence number and hash, kept in a small file beside the database.
///
/// A hash chain proves that nothing inside it changed, but not that nothing was cut off its end: removing the last
/// entries leaves a shorter, perfectly valid chain. The anchor lives outside the entries table, is replaced atomically
/// (write, fsync, rename, fsync directory) after every commit, and `verify` refuses a journal whose entries end before
/// the anchor or whose entry at the anchor has another hash.
///
/// Ordering: the database commit comes first, the anchor second, so the anchor never vouches for an entry that is not
/// durable; after a crash between the two the anchor is at most one append behind, which verify reports as intact and
/// the next writer repairs. File format (ASCII, three lines):
///
///     infusion-journal-head 1
///     seq 42
///     hash 3f0a...64 hex digits
struct JournalHeadAnchor: Sendable, Equatable {
    /// The last sequence number written (0 for an empty journal).
    let sequenceNumber: Int64
    /// Its hash (`JournalCanonicalEncoding.genesisHash` for an empty journal).
    let hash: String

    static let formatLine = "infusion-journal-head 1"

    /// What reading the anchor file found.
    enum Reading: Sendable, Equatable {
        case present(JournalHeadAnchor)
        case missing
        case unreadable(String)
    }

    /// The file's text.
    var text: String { "\(Self.formatLine)\nseq \(sequenceNumber)\nhash \(hash)\n" }

    /// Parses the file's text strictly; nil with a problem when it is not an anchor.
    static func parse(_ bytes: [UInt8]) -> Reading {
        guard let text = String(validating: bytes, as: UTF8.self) else { return .unreadable("not UTF-8 text") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, lines[3].isEmpty else {
            return .unreadable("expected 3 lines ('\(formatLine)', 'seq N', 'hash H'), found \(max(0, lines.count - 1))")
        }
        guard lines[0] == formatLine else { return .unreadable("first line is not '\(formatLine)'") }
        guard lines[1].hasPrefix("seq "), let number = Int64(lines[1].dropFirst(4)), number >= 0,
              String(number) == lines[1].dropFirst(4)
        else { return .unreadable("second line is not 'seq N' with N a whole number") }
        let hash = String(lines[2].dropFirst(5))
        guard lines[2].hasPrefix("hash "), JournalCanonicalEncoding.isHash(hash) else {
            return .unreadable("third line is not 'hash H' with H 64 lower-case hex digits")
        }
        return .present(JournalHeadAnchor(sequenceNumber: number, hash: hash))
    }

    /// Reads the anchor of the journal at `paths`.
    static func read(_ paths: JournalPaths) -> Reading {
        do {
            guard let bytes = try POSIXFileSystem.readSmallFile(paths.headAnchor, limit: 4096) else { return .missing }
            return parse(bytes)
        } catch {
            return .unreadable(error.description)
        }
    }

    /// Replaces the anchor file atomically and durably.
    func write(_ paths: JournalPaths) throws(POSIXFileSystem.Failure) {
        try POSIXFileSystem.replaceAtomically(
            path: paths.headAnchor, temporaryPath: paths.headAnchorTemporary, directory: paths.directory, contents: text)
    }
}
