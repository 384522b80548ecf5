import Foundation
import Journal
#if canImport(Glibc)
import Glibc
#endif

/// Figure 4: durable journal appends (`Journal.append`, WAL + synchronous FULL, hash chain, head anchor) against a
/// raw SQLite insert loop with the same durability, table and row on the same disk (`RawSQLiteWriter`); then group
/// commit (`append(contentsOf:)`, batches of 10 and 100) against raw batched inserts. The fsync floor of the disk
/// is measured beside them.
///
/// The disk is shared with other work and its flush latency swings by orders of magnitude from one second to the
/// next, so the three are interleaved commit by commit (journal commit, raw commit, one write + fsync, in rotating
/// order), each commit is timed on its own, and the table reports medians of per-commit latency and the median of
/// the per-pair ratios: a slow flush hits the figure and its baseline alike and does not move a median.
///
/// The entry is a typical `pump.exchange` outcome (a STAT request and its reply), as the workflow journals one per
/// pump command.
actor JournalBenchmark: BenchmarkFixture {
    nonisolated let summaryKey = "4-journal"
    static let batchSizes = [1, 10, 100]
    static let metrics: [MetricSpec] = batchSizes.flatMap { batch in
        [.cost("journal, \(batch) per commit (us per commit)"), .cost("raw SQLite, \(batch) per commit (us per commit)")]
    } + [.cost("fsync floor, 4 KiB write + fsync (us)")]

    private let slice: Duration
    private let minimumPairs: Int
    private var directory: String?
    private var journal: Journal?
    private var raw: RawSQLiteWriter?
    private var floor: FsyncFloor?
    private var pairIndex = 0
    private var journalSeconds: [Int: Samples] = [:]
    private var rawSeconds: [Int: Samples] = [:]
    private var ratios: [Int: Samples] = [:]
    private var fsyncSeconds = Samples()
    private var fileSystem = "unknown"

    init(quick: Bool) {
        slice = quick ? .milliseconds(150) : .seconds(1)
        minimumPairs = quick ? 5 : 20
    }

    func setUp() async throws(BenchError) {
        let environment = try BenchEnvironment.current()
        let directory = environment.scratchPath("journal")
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory + "/raw", withIntermediateDirectories: true)
        } catch {
            throw .system(operation: "creating \(directory)/raw", detail: error.localizedDescription)
        }
        fileSystem = FsyncFloor.fileSystemName(directory)
        let journal: Journal
        let first: JournalEntry
        let durability: JournalDurability
        do {
            journal = try Journal.openVerified(at: directory + "/journal/journal.sqlite")
            first = try await journal.append(Self.draft())
            durability = try await journal.durability()
        } catch {
            throw .journal("\(error)")
        }
        self.journal = journal
        let raw = try RawSQLiteWriter(path: directory + "/raw/raw.sqlite", row: RawSQLiteWriter.RowTexts(
            time: first.time.iso8601, actor: first.actor, preparationId: first.preparationId ?? "", event: first.event,
            dataJSON: first.dataJSON, previousHash: first.previousHash, hash: first.hash))
        self.raw = raw
        floor = try FsyncFloor(path: directory + "/fsync-floor")
        let rawDurability = try raw.durability()
        guard durability.journalMode == rawDurability.journalMode, String(durability.synchronous) == rawDurability.synchronous else {
            throw .sqlite(operation: "durability check", detail: "journal \(durability.journalMode)/\(durability.synchronous), "
                + "raw \(rawDurability.journalMode)/\(rawDurability.synchronous): the comparison would not be fair")
        }
    }

    func iteration() async throws(BenchError) -> [Measurement] {
        guard let journal, let raw, let floor else { throw .journal("the journal benchmark was not set up") }
        var measurements: [Measurement] = []
        for (index, batch) in Self.batchSizes.enumerated() {
            var journalHere = Samples()
            var rawHere = Samples()
            let start = ContinuousClock.now
            var pairs = 0
            while pairs < minimumPairs || ContinuousClock.now - start < slice {
                var journalCommit = 0.0
                var rawCommit = (insert: 0.0, fsync: 0.0)
                for step in 0..<2 {
                    if (step + pairIndex) % 2 == 0 {
                        journalCommit = try await Self.journalCommit(journal, batch: batch)
                    } else {
                        rawCommit = try await Self.rawCommit(raw, batch: batch, floor: floor, fsyncFirst: pairIndex % 4 < 2)
                    }
                }
                pairIndex += 1
                pairs += 1
                journalHere.add(journalCommit)
                rawHere.add(rawCommit.insert)
                fsyncSeconds.add(rawCommit.fsync)
                ratios[batch, default: Samples()].add(journalCommit / max(rawCommit.insert, 1e-9))
            }
            journalSeconds[batch, default: Samples()].add(contentsOf: journalHere)
            rawSeconds[batch, default: Samples()].add(contentsOf: rawHere)
            measurements.append(Measurement(Self.metrics[index * 2].name, journalHere.median * 1e6))
            measurements.append(Measurement(Self.metrics[index * 2 + 1].name, rawHere.median * 1e6))
        }
        measurements.append(Measurement(Self.metrics[Self.metrics.count - 1].name, fsyncSeconds.median * 1e6))
        return measurements
    }

    func tearDown() async {
        try? await journal?.close()
        raw?.close()
        floor?.close()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        guard !fsyncSeconds.isEmpty else { return }
        var rows: [SummaryRow] = []
        for batch in Self.batchSizes {
            guard let journalCommit = journalSeconds[batch], let rawCommit = rawSeconds[batch], let ratio = ratios[batch] else {
                continue
            }
            let what = batch == 1 ? "Journal.append, 1 entry per commit" : "Journal.append(contentsOf:), \(batch) per commit"
            let bound = batch == 1
                ? "fsync latency: journal = WAL commit fsync + head anchor (write, fsync, rename, dir fsync) = 3 fsyncs; raw = 1"
                : "3 fsyncs per batch against 1, shared by \(batch) entries; then per-entry SHA-256 and canonical JSON"
            rows.append(SummaryRow(
                "4 \(what) (WAL, synchronous FULL, \(fileSystem); p50 of \(journalCommit.count) commits)",
                measured: "\(Format.seconds(journalCommit.median)) per commit = "
                    + Format.rate(Double(batch) / journalCommit.median, unit: "entries"),
                baseline: "raw SQLite \(Format.seconds(rawCommit.median)) per commit = "
                    + Format.rate(Double(batch) / rawCommit.median, unit: "rows"),
                ratio: ratio.median, bound: bound))
        }
        rows.append(SummaryRow(
            "4 fsync floor: 4 KiB write + fsync, same directory, interleaved with the commits (p50 of \(fsyncSeconds.count))",
            measured: "\(Format.seconds(fsyncSeconds.median)) (\(Format.rate(1 / fsyncSeconds.median, unit: "fsyncs")))",
            baseline: "-", ratio: nil,
            bound: "the disk's flush latency; p90 \(Format.seconds(fsyncSeconds.percentile(90))), max "
                + "\(Format.seconds(fsyncSeconds.percentile(100))) (a disk shared with other work)"))
        SummaryRow.write(rows, key: summaryKey)
    }

    /// A `pump.exchange` outcome for a STAT, shaped as `Workflow.journalExchange` writes it.
    private static func draft() -> JournalEntryDraft {
        JournalEntryDraft(
            time: Date(), actor: JournalEntryDraft.controllerActor, preparationId: "PREP-BENCH-0001", event: "pump.exchange",
            data: [
                "phase": "completed", "command": "STAT", "address": 1, "port": "/dev/pts/7", "sequence": "4711",
                "request": "$01|4711|CMD|STAT|000||1C2D",
                "outcome": "$01|4711|ACK|STAT|081|state=running;rate=66.6;vtbi=100;vi=12.5;kvo=0;rem=4730;bat=87;alarms=;boot=5A3C9E01|169F",
                "transmissions": 1, "retransmissions": [], "durationMs": 3,
            ])
    }

    /// One commit of `batch` entries through the journal, timed as its caller sees it (hop to the journal's queue
    /// included); seconds.
    private static func journalCommit(_ journal: Journal, batch: Int) async throws(BenchError) -> Double {
        let drafts = (0..<batch).map { _ in draft() }
        let start = ContinuousClock.now
        do {
            if batch == 1 {
                _ = try await journal.append(drafts[0])
            } else {
                _ = try await journal.append(contentsOf: drafts)
            }
        } catch {
            throw .journal("\(error)")
        }
        return (ContinuousClock.now - start).seconds
    }

    /// One raw transaction of `batch` rows and one write + fsync of the floor file, each timed on a dedicated thread
    /// (the thread's start is not timed); seconds.
    private static func rawCommit(
        _ raw: RawSQLiteWriter, batch: Int, floor: FsyncFloor, fsyncFirst: Bool
    ) async throws(BenchError) -> (insert: Double, fsync: Double) {
        let result = await DedicatedThread.run("raw sqlite") { () -> Result<(insert: Double, fsync: Double), BenchError> in
            do throws(BenchError) {
                var fsyncSeconds = 0.0
                if fsyncFirst { fsyncSeconds = try floor.writeAndSync() }
                let start = ContinuousClock.now
                try raw.insert(count: batch)
                let insertSeconds = (ContinuousClock.now - start).seconds
                if !fsyncFirst { fsyncSeconds = try floor.writeAndSync() }
                return .success((insertSeconds, fsyncSeconds))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
