import Foundation
import Journal

/// Figure 4: durable journal appends per second (`Journal.append`, WAL + synchronous FULL, hash chain, head anchor)
/// against a raw SQLite insert loop with the same durability, table and row on the same disk (`RawSQLiteWriter`);
/// then group commit (`append(contentsOf:)`, batches of 10 and 100) against raw batched inserts. The fsync floor
/// of the disk is measured beside them.
///
/// The entry is a typical `pump.exchange` outcome (a STAT request and its reply), as the workflow journals one per
/// pump command.
actor JournalBenchmark: BenchmarkFixture {
    nonisolated let summaryKey = "4-journal"
    static let batchSizes = [1, 10, 100]
    static let metrics: [MetricSpec] = batchSizes.flatMap { batch in
        [.rate("journal, \(batch) per commit (entries/s)"), .rate("raw SQLite, \(batch) per commit (rows/s)")]
    } + [.cost("fsync floor, 4 KiB write + fsync (us)")]

    private let slice: Duration
    private var directory: String?
    private var journal: Journal?
    private var raw: RawSQLiteWriter?
    private var iterationIndex = 0
    private var journalRates: [Int: Samples] = [:]
    private var rawRates: [Int: Samples] = [:]
    private var ratios: [Int: Samples] = [:]
    private var fsyncSeconds = Samples()
    private var fileSystem = "unknown"

    init(quick: Bool) {
        slice = quick ? .milliseconds(150) : .milliseconds(600)
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
        let rawDurability = try raw.durability()
        guard durability.journalMode == rawDurability.journalMode, String(durability.synchronous) == rawDurability.synchronous else {
            throw .sqlite(operation: "durability check", detail: "journal \(durability.journalMode)/\(durability.synchronous), "
                + "raw \(rawDurability.journalMode)/\(rawDurability.synchronous): the comparison would not be fair")
        }
    }

    func iteration() async throws(BenchError) -> [Measurement] {
        guard let journal, let raw, let directory else { throw .journal("the journal benchmark was not set up") }
        var measurements: [Measurement] = []
        for (index, batch) in Self.batchSizes.enumerated() {
            var journalRate = 0.0
            var rawRate = 0.0
            for step in 0..<2 {
                if (step + iterationIndex) % 2 == 0 {
                    journalRate = try await Self.journalRun(journal, batch: batch, for: slice)
                } else {
                    rawRate = try await Self.rawRun(raw, batch: batch, for: slice)
                }
            }
            journalRates[batch, default: Samples()].add(journalRate)
            rawRates[batch, default: Samples()].add(rawRate)
            ratios[batch, default: Samples()].add(rawRate / max(journalRate, 1e-9))
            measurements.append(Measurement(Self.metrics[index * 2].name, journalRate))
            measurements.append(Measurement(Self.metrics[index * 2 + 1].name, rawRate))
        }
        iterationIndex += 1
        let floor = try await FsyncFloor.measure(in: directory, for: slice / 2)
        let perFsync = floor.elapsed.seconds / Double(floor.count)
        fsyncSeconds.add(perFsync)
        measurements.append(Measurement(Self.metrics[Self.metrics.count - 1].name, perFsync * 1e6))
        return measurements
    }

    func tearDown() async {
        try? await journal?.close()
        raw?.close()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        guard !fsyncSeconds.isEmpty else { return }
        var rows: [SummaryRow] = []
        for batch in Self.batchSizes {
            guard let journalRate = journalRates[batch], let rawRate = rawRates[batch], let ratio = ratios[batch] else { continue }
            let what = batch == 1 ? "Journal.append, 1 entry per commit" : "Journal.append(contentsOf:), \(batch) per commit"
            let bound = batch == 1
                ? "fsync latency: journal = WAL commit fsync + head anchor (write, fsync, rename, dir fsync) = 3 fsyncs; raw = 1"
                : "3 fsyncs per batch against 1, shared by \(batch) entries; then per-entry SHA-256 and canonical JSON"
            rows.append(SummaryRow(
                "4 \(what) (WAL, synchronous FULL, \(fileSystem))",
                measured: Format.rate(journalRate.median, unit: "entries"),
                baseline: "raw SQLite \(Format.rate(rawRate.median, unit: "rows"))", ratio: ratio.median, bound: bound))
        }
        rows.append(SummaryRow(
            "4 fsync floor: 4 KiB write + fsync, same directory",
            measured: "\(Format.seconds(fsyncSeconds.median)) (\(Format.rate(1 / fsyncSeconds.median, unit: "fsyncs")))",
            baseline: "-", ratio: nil, bound: "the disk's flush latency"))
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

    /// Appends for `duration`, `batch` entries per call; returns entries per second.
    private static func journalRun(_ journal: Journal, batch: Int, for duration: Duration) async throws(BenchError) -> Double {
        let start = ContinuousClock.now
        var entries = 0
        repeat {
            do {
                if batch == 1 {
                    _ = try await journal.append(draft())
                } else {
                    _ = try await journal.append(contentsOf: (0..<batch).map { _ in draft() })
                }
            } catch {
                throw .journal("\(error)")
            }
            entries += batch
        } while ContinuousClock.now - start < duration
        return Double(entries) / (ContinuousClock.now - start).seconds
    }

    /// Inserts for `duration`, `batch` rows per transaction, on a dedicated thread; returns rows per second.
    private static func rawRun(_ raw: RawSQLiteWriter, batch: Int, for duration: Duration) async throws(BenchError) -> Double {
        let result = await DedicatedThread.run("raw sqlite") { () -> Result<Double, BenchError> in
            let start = ContinuousClock.now
            var rows = 0
            repeat {
                do throws(BenchError) {
                    try raw.insert(count: batch)
                } catch {
                    return .failure(error)
                }
                rows += batch
            } while ContinuousClock.now - start < duration
            return .success(Double(rows) / (ContinuousClock.now - start).seconds)
        }
        return try result.get()
    }
}
