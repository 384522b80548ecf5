import Foundation

/// The hostile inputs fed to `infusion`, one row each, with the outcome worked out by hand: the option (or
/// `file:line: field`) the one stderr line must name, the accepted range it must state, and what may be written.
///
/// `scripts/bad-input-table` runs these rows and writes them, with the observed outcome, into docs/reliability.md.
enum HostileInputTable {
    typealias Case = HostileCase

    // MARK: Building rows

    /// `arguments` with the value after `option` replaced (or `option value` appended when absent).
    static func replacing(_ arguments: [String], _ option: String, _ value: String) -> [String] {
        guard let index = arguments.firstIndex(of: option) else { return arguments + [option, value] }
        var changed = arguments
        changed[index + 1] = value
        return changed
    }

    static func row(
        _ subject: String, _ input: String, _ arguments: [String], _ expected: [String],
        data: Case.DataSetup = .journal, config: Case.ConfigMutation? = nil, exit: Int32 = 2, writes: Case.Writes = .nothing
    ) -> Case {
        Case(subject: subject, input: input, arguments: arguments, data: data, config: config, expected: expected, exitCode: exit, writes: writes)
    }

    /// The same option of one command fed each hostile number in turn.
    static func numbers(
        _ subject: String, _ base: [String], _ option: String, _ values: [(String, String)], _ expected: [String],
        data: Case.DataSetup = .journal
    ) -> [Case] {
        values.map { input, value in row(subject, "\(option) \(input)", replacing(base, option, value), expected, data: data) }
    }

    /// Numbers that are not plain decimals, or not numbers at all.
    static let malformedNumbers: [(String, String)] = [
        ("empty", ""), ("NaN", "NaN"), ("Infinity", "Infinity"), ("1e309", "1e309"), ("exponent 7e1", "7e1"), ("hex 0x46", "0x46"),
        ("12abc", "12abc"), ("leading + (+70)", "+70"), ("comma decimal 70,5", "70,5"), ("trailing point 70.", "70."),
        ("leading point .5", ".5"), ("spaces ' 70'", " 70"), ("Arabic-Indic digits", "\u{0667}\u{0660}"), ("fullwidth digits", "\u{FF17}\u{FF10}"),
        ("24 digits", "123456789012345678901234"), ("100 000 digits", "$BIG"), ("non-UTF-8 byte 0xFF", "\u{0}ff"),
        ("ANSI escape", "\u{1B}[2J70"), ("newline inside", "7\n0"),
    ]

    static let person = "a person's identifier: 1-64 letters, digits"
    static let order = ["order", "--patient", "PAT-9", "--by", "dr-li", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--first-dose",
                        "--data-dir", "$DATA", "--config-dir", "$CONFIG"]
    static let prepare = ["prepare", "--indication", "ra", "--weight-kg", "70", "--age-years", "50", "--first-dose", "--config-dir", "$CONFIG"]

    // MARK: prepare and order

    static let prepareRows: [Case] =
        numbers("prepare", prepare, "--weight-kg", malformedNumbers, ["--weight-kg must be a number", "3", "300 kg"], data: .absent)
        + numbers("prepare", prepare, "--weight-kg", [("0", "0"), ("negative -70", "-70"), ("2.9 (below 3)", "2.9"), ("300.1", "300.1")],
                  ["--weight-kg must be", "300 kg"], data: .absent)
        + numbers("prepare", prepare, "--age-years", [("-1", "-1"), ("121", "121"), ("1e2", "1e2")], ["--age-years", "120 years"], data: .absent)
        + numbers("prepare", prepare, "--anc", [("1500 (cells/uL)", "1500"), ("NaN", "NaN")], ["--anc", "100"], data: .absent)
        + numbers("prepare", prepare, "--duration-minutes", [("59", "59"), ("1441", "1441"), ("-60", "-60")], ["--duration-minutes", "1440"], data: .absent)
        + [
            row("prepare", "--indication RA (upper case)", replacing(prepare, "--indication", "RA"), ["--indication must be one of ra, sjia, crs"], data: .absent),
            row("prepare", "--indication SQL text", replacing(prepare, "--indication", "ra'; DROP TABLE journal_entry; --"), ["--indication must be one of"], data: .absent),
            row("prepare", "--indication 100 000 characters", replacing(prepare, "--indication", "$BIG"), ["--indication must be one of"], data: .absent),
            row("prepare", "--mg-per-kg 6 for RA", prepare + ["--mg-per-kg", "6"], ["--mg-per-kg", "4", "8"], data: .absent),
            row("prepare", "--at 2026-02-30 (no such day)", prepare + ["--at", "2026-02-30T08:00:00Z"], ["--at must be an ISO 8601 time with a zone"], data: .absent),
            row("prepare", "--at without a time zone", prepare + ["--at", "2026-11-26T08:00:00"], ["--at must be an ISO 8601 time with a zone"], data: .absent),
            row("prepare", "--at year 0", prepare + ["--at", "0000-01-01T00:00:00Z"], ["--at must be an ISO 8601 time with a zone"], data: .absent),
            row("prepare", "--at month 13", prepare + ["--at", "2026-13-01T08:00:00Z"], ["--at must be an ISO 8601 time with a zone"], data: .absent),
            row("prepare", "--at a date only", prepare + ["--at", "2026-11-26"], ["--at must be an ISO 8601 time with a zone"], data: .absent),
            row("prepare", "--start-at before --at", prepare + ["--at", "2026-11-26T08:00:00Z", "--start-at", "2026-11-26T07:00:00Z"],
                ["--start-at must not be earlier than --at"], data: .absent),
            row("prepare", "--previous-dose after the planned start", prepare.filter { $0 != "--first-dose" } + ["--mg-per-kg", "8",
                "--at", "2026-11-26T08:00:00Z", "--previous-dose", "2026-12-01T08:00:00Z"], ["--previous-dose", "is not before the planned start"], data: .absent),
            row("prepare", "--previous-dose twice the same time", Array(prepare.filter { $0 != "--first-dose" }) + ["--mg-per-kg", "8",
                "--at", "2026-11-26T08:00:00Z", "--previous-dose", "2026-10-01T08:00:00Z", "--previous-dose", "2026-10-01T08:00:00Z"],
                ["--previous-dose lists the same infusion start twice"], data: .absent),
            row("prepare", "--weight-kg given twice (70, then 80)", prepare + ["--weight-kg", "80"], ["--weight-kg", "once"], data: .absent),
            row("prepare", "unknown option --dose-mg", prepare + ["--dose-mg", "500"], ["--dose-mg"], data: .absent),
            row("prepare", "--format xml", prepare + ["--format", "xml"], ["--format", "text", "json"], data: .absent),
            row("prepare", "--config-dir is a file", replacing(prepare, "--config-dir", "/etc/hostname"), ["tocilizumab.yaml", "cannot be read"], data: .absent),
            row("prepare", "--config-dir does not exist", replacing(prepare, "--config-dir", "/nonexistent"), ["/nonexistent/tocilizumab.yaml", "cannot be read"], data: .absent),
        ]

    static let orderRows: [Case] = [
        row("order", "--patient empty", replacing(order, "--patient", ""), ["--patient", "a patient identifier: 1-64 letters"]),
        row("order", "--patient with a space", replacing(order, "--patient", "PAT 9"), ["--patient", "1-64 letters"]),
        row("order", "--patient 65 characters", replacing(order, "--patient", String(repeating: "P", count: 65)), ["--patient", "1-64 letters"]),
        row("order", "--patient 100 000 characters", replacing(order, "--patient", "$BIG"), ["--patient", "1-64 letters"]),
        row("order", "--patient SQL text", replacing(order, "--patient", "PAT-1'; DROP TABLE journal_entry;--"), ["--patient", "1-64 letters"]),
        row("order", "--patient ANSI escape", replacing(order, "--patient", "\u{1B}[31mPAT-9"), ["--patient", "1-64 letters"]),
        row("order", "--patient right-to-left override", replacing(order, "--patient", "PAT\u{202E}9-"), ["--patient", "1-64 letters"]),
        row("order", "--patient Chinese characters", replacing(order, "--patient", "患者9"), ["--patient", "1-64 letters"]),
        row("order", "--patient non-UTF-8 byte", replacing(order, "--patient", "\u{0}50ff"), ["--patient", "1-64 letters"]),
        row("order", "--by path traversal", replacing(order, "--by", "../../etc/passwd"), ["--by", person]),
        row("order", "--episode for ra", order + ["--episode", "E-1"], ["--episode", "applies to crs only"]),
        row("order", "crs without --episode", replacing(order, "--indication", "crs"), ["--episode", "is required for crs"]),
        row("order", "--weight-kg 1e309", replacing(order, "--weight-kg", "1e309"), ["--weight-kg must be a number", "300 kg"]),
        row("order", "--weight-kg 700", replacing(order, "--weight-kg", "700"), ["--weight-kg must be", "300 kg"]),
        row("order", "--weight-kg 1e309 on a fresh data directory", replacing(order, "--weight-kg", "1e309"), ["--weight-kg must be a number"], data: .absent),
        row("order", "--patient empty on a fresh data directory", replacing(order, "--patient", ""), ["--patient"], data: .absent),
        row("order", "--data-dir is a file", replacing(order, "--data-dir", "/etc/hostname"), ["/etc/hostname"], exit: 1),
    ]

    // MARK: pharmacy steps

    static func step(_ name: String, _ person: String, _ prep: String = "$PREP") -> [String] {
        [name, "--prep", prep, person, "ph-1", "--data-dir", "$DATA", "--config-dir", "$CONFIG"]
    }

    static let stepRows: [Case] = [("verify", "--pharmacist"), ("check", "--checker"), ("label", "--by"), ("dispense", "--by")].flatMap { name, person in
        [
            row(name, "--prep empty", step(name, person, ""), ["--prep is required"]),
            row(name, "--prep unknown", step(name, person, "P-NOSUCHPREP"), ["no preparation 'P-NOSUCHPREP'"]),
            row(name, "--prep SQL text", step(name, person, "P' OR '1'='1"), ["no preparation 'P' OR '1'='1'"]),
            row(name, "--prep 100 000 characters", step(name, person, "$BIG"), ["no preparation '7777", "characters left out"]),
            row(name, "--prep path traversal", step(name, person, "../../journal.sqlite"), ["no preparation '../../journal.sqlite'"]),
            row(name, "\(person) with ANSI escape", replacing(step(name, person), person, "\u{1B}[2Jph"), ["\(person): must be a person's identifier", "1-64 letters"]),
            row(name, "\(person) 65 characters", replacing(step(name, person), person, String(repeating: "p", count: 65)), ["1-64 letters"]),
            row(name, "unknown option --force", step(name, person) + ["--force"], ["--force"]),
            row(name, "--prep on a data directory without a journal", step(name, person, "P-NOSUCHPREP"), ["--data-dir: no journal"], data: .absent),
        ]
    } + [
        row("verify", "--prep of a dispensed preparation (wrong state)", step("verify", "--pharmacist", "$DISPENSED"), ["is dispensed", "allowed only when"], writes: .oneRefusal),
        row("check", "--prep of a calculated preparation (wrong state)", step("check", "--checker"), ["is calculated", "allowed only when"], writes: .oneRefusal),
    ]

    /// A malformed, unknown or expired vial code is a refusal the journal keeps (who scanned what), by design.
    static let scan = ["scan", "--prep", "$VERIFIED", "--by", "t-1", "--data-dir", "$DATA", "--config-dir", "$CONFIG"]
    static let scanRows: [Case] = [
        row("scan", "no --code", scan, ["--code is required"]),
        row("scan", "--code empty", scan + ["--code", ""], ["scan-vial", "refused", "scan is empty"], writes: .oneRefusal),
        row("scan", "--by SQL text", replacing(scan, "--by", "t'; DELETE FROM journal_entry;--") + ["--code", "]d2010952000040001917271231104001"], ["--by", "1-64 letters"]),
        row("scan", "--code not GS1", scan + ["--code", "hello"], ["scan-vial", "refused", "not a valid GS1"], writes: .oneRefusal),
        row("scan", "--code 100 000 characters", scan + ["--code", "$BIG"], ["scan-vial", "refused"], writes: .oneRefusal),
        row("scan", "--code with an ANSI escape", scan + ["--code", "]d20109520000400019\u{1B}[2J"], ["scan-vial", "refused"], writes: .oneRefusal),
        row("scan", "--code non-UTF-8", scan + ["--code", "\u{0}5d6432303109ff"], ["scan-vial", "refused"], writes: .oneRefusal),
        row("scan", "--code GTIN check digit wrong", scan + ["--code", "]d2010952000040001817271231104001"], ["scan-vial", "refused"], writes: .oneRefusal),
        row("scan", "--code expiry 2027-02-30", scan + ["--code", "]d2010952000040001917270230104001"], ["scan-vial", "refused"], writes: .oneRefusal),
        row("scan", "--code expired (2020-01-31)", scan + ["--code", "]d2010952000040001917200131104001"], ["scan-vial", "refused"], writes: .oneRefusal),
        row("scan", "--code unknown GTIN", scan + ["--code", "]d2010952000099999617271231104001"], ["scan-vial", "refused"], writes: .oneRefusal),
        row("scan", "--code of a calculated preparation", replacing(scan, "--prep", "$PREP") + ["--code", "]d2010952000040001917271231104001"],
            ["is calculated", "allowed only when"], writes: .oneRefusal),
    ]

    static let compound = ["compound", "--prep", "$PREP", "--by", "t-1", "--drug-drawn-ml", "28.0", "--saline-withdrawn-ml", "28", "--inspection", "passed",
                           "--data-dir", "$DATA", "--config-dir", "$CONFIG"]
    static let compoundRows: [Case] =
        numbers("compound", compound, "--drug-drawn-ml", malformedNumbers, ["--drug-drawn-ml must be a volume in mL between 0 and 1000"])
        + numbers("compound", compound, "--saline-withdrawn-ml", [("negative -1", "-1"), ("1000.1", "1000.1"), ("1e3", "1e3")],
                  ["--saline-withdrawn-ml must be a volume in mL between 0 and 1000"])
        + [
            row("compound", "--inspection PASSED (upper case)", replacing(compound, "--inspection", "PASSED"), ["--inspection", "passed", "failed"]),
            row("compound", "--inspection empty", replacing(compound, "--inspection", ""), ["--inspection", "passed", "failed"]),
        ]

    static let bedside = ["bedside", "--prep", "$DISPENSED", "--nurse", "rn-1", "--bag", "$DISPENSED", "--patient", "PAT-2", "--data-dir", "$DATA", "--config-dir", "$CONFIG"]
    static let bedsideRows: [Case] = [
        row("bedside", "--bag of another preparation", replacing(bedside, "--bag", "$PREP"), ["bedside", "refused"], writes: .oneRefusal),
        row("bedside", "--patient of another patient", replacing(bedside, "--patient", "PAT-1"), ["bedside", "refused"], writes: .oneRefusal),
        row("bedside", "--bag empty", replacing(bedside, "--bag", ""), ["--bag is required"]),
        // A well-formed request the bag guard refuses (journalled), the escape shown escaped, never raw.
        row("bedside", "--patient ANSI escape", replacing(bedside, "--patient", "\u{1B}[1mPAT-2"), ["wrong patient", "\\u{1B}"], writes: .oneRefusal),
        row("bedside", "--nurse SQL text", replacing(bedside, "--nurse", "rn' OR 1=1--"), ["--nurse", "1-64 letters"]),
    ]

    /// `discard` applies once drug was drawn, so it is fed the dispensed preparation.
    static func exitStep(_ name: String) -> [String] {
        [name, "--prep", name == "discard" ? "$DISPENSED" : "$PREP", "--by", "ph-1", "--reason", "patient asked", "--data-dir", "$DATA", "--config-dir", "$CONFIG"]
    }

    static let exitRows: [Case] = ["hold", "discard", "cancel"].flatMap { name in
        [
            row(name, "--reason empty", replacing(exitStep(name), "--reason", ""), ["--reason is required"]),
            row(name, "--reason with ANSI escape", replacing(exitStep(name), "--reason", "\u{1B}[2Jwiped"), ["--reason", "control"]),
            row(name, "--reason with a newline", replacing(exitStep(name), "--reason", "one\ntwo"), ["--reason", "control"]),
            row(name, "--reason 100 000 characters", replacing(exitStep(name), "--reason", "$BIG"), ["--reason", "characters"]),
            row(name, "--by empty", replacing(exitStep(name), "--by", ""), ["--by is required"]),
        ]
    } + [
        row("release", "--prep of a calculated preparation (not held)", ["release", "--prep", "$PREP", "--by", "ph-1", "--data-dir", "$DATA", "--config-dir", "$CONFIG"],
            ["is calculated", "allowed only when"], writes: .oneRefusal),
        row("release", "--by with a NUL-free control character", ["release", "--prep", "$PREP", "--by", "ph\u{7}1", "--data-dir", "$DATA", "--config-dir", "$CONFIG"],
            ["--by", "1-64 letters"]),
    ]

    // MARK: bedside pump steps

    static func pumpStep(_ name: String) -> [String] {
        // `watch` is the nurse's view of the pump: it takes no --nurse.
        [name, "--prep", "$DISPENSED"] + (name == "watch" ? [] : ["--nurse", "rn-1"])
            + ["--port", "$SCRATCH/no-such-port", "--data-dir", "$DATA", "--config-dir", "$CONFIG"]
    }

    static let bedsidePumpRows: [Case] = ["program", "start", "watch", "pause", "resume", "stop"].flatMap { name in
        var rows = [
            row(name, "--address 100", pumpStep(name) + ["--address", "100"], ["--address", "0", "99"]),
            row(name, "--address -1", pumpStep(name) + ["--address", "-1"], ["--address"]),
            row(name, "--address abc", pumpStep(name) + ["--address", "abc"], ["--address"]),
            row(name, "--port and --tcp together", pumpStep(name) + ["--tcp", "127.0.0.1:9"], ["--port", "--tcp", "at most one"]),
            row(name, "--tcp without a port", replacing(pumpStep(name), "--port", "x").filter { $0 != "--port" && $0 != "x" } + ["--tcp", "localhost"], ["--tcp", "HOST:PORT"]),
            row(name, "--tcp port 99999", replacing(pumpStep(name), "--port", "x").filter { $0 != "--port" && $0 != "x" } + ["--tcp", "127.0.0.1:99999"], ["--tcp"]),
            row(name, "--match not hex", replacing(pumpStep(name), "--port", "x").filter { $0 != "--port" && $0 != "x" } + ["--match", "zzzz:0001"], ["--match"]),
            row(name, "--profile unknown", pumpStep(name) + ["--profile", "no-such-profile"], ["no-such-profile"]),
            row(name, "--prep unknown", replacing(pumpStep(name), "--prep", "P-NOSUCHPREP"), ["no preparation 'P-NOSUCHPREP'"]),
        ]
        if name != "watch" {
            rows.append(row(name, "--nurse empty", replacing(pumpStep(name), "--nurse", ""), ["--nurse is required"]))
            rows.append(row(name, "--nurse with a space (checked before the pump is opened)", replacing(pumpStep(name), "--nurse", "rn 1"), ["--nurse: must be a person's identifier"]))
        }
        if name == "start" || name == "watch" {
            rows += numbers(name, name == "watch" ? pumpStep(name).filter { $0 != "--nurse" && $0 != "rn-1" } : pumpStep(name), "--poll-seconds",
                            [("0", "0"), ("NaN", "NaN"), ("11", "11"), ("1e-1", "1e-1")], ["--poll-seconds", "0.05", "10"])
        }
        return rows
    }

    // MARK: reading

    static let readingRows: [Case] = [
        row("show", "--prep unknown", ["show", "--prep", "P-NOSUCHPREP", "--data-dir", "$DATA", "--config-dir", "$CONFIG"], ["no preparation 'P-NOSUCHPREP'"]),
        row("show", "--format xml", ["show", "--format", "xml", "--data-dir", "$DATA", "--config-dir", "$CONFIG"], ["--format", "text", "json"]),
        row("show", "on a fresh data directory", ["show", "--data-dir", "$DATA", "--config-dir", "$CONFIG"], ["--data-dir", "no journal"], data: .absent),
        row("journal verify", "--data-dir does not exist", ["journal", "verify", "--data-dir", "$DATA"], ["--data-dir", "no journal"], data: .absent),
        row("journal verify", "--data-dir is /dev/zero", ["journal", "verify", "--data-dir", "/dev/zero"], ["--data-dir", "/dev/zero"], data: .absent),
        row("journal verify", "--format yaml", ["journal", "verify", "--format", "yaml", "--data-dir", "$DATA"], ["--format", "text", "json"]),
        row("journal show", "--data-dir is a file", ["journal", "show", "--data-dir", "/etc/hostname"], ["--data-dir", "/etc/hostname"], data: .absent),
        row("journal show", "--prep SQL text", ["journal", "show", "--prep", "x' OR '1'='1", "--data-dir", "$DATA"], ["no preparation"]),
        row("journal export", "--format xml", ["journal", "export", "--format", "xml", "--data-dir", "$DATA"], ["--format", "jsonl", "csv"]),
        row("journal export", "--output an existing file", ["journal", "export", "--output", "/etc/hostname", "--data-dir", "$DATA"], ["--output", "already exists"]),
        row("journal export", "--output a directory", ["journal", "export", "--output", "$SCRATCH", "--data-dir", "$DATA"], ["--output", "already exists"]),
        row("journal export", "--output in a missing directory", ["journal", "export", "--output", "$SCRATCH/missing/x.jsonl", "--data-dir", "$DATA"], ["--output", "cannot be created"]),
        row("journal export", "--output empty", ["journal", "export", "--output", "", "--data-dir", "$DATA"], ["--output"]),
        row("journal", "unknown subcommand repair", ["journal", "repair", "--data-dir", "$DATA"], ["Unknown option '--data-dir'"]),
    ]

    // MARK: engineering commands

    static let pumpBase = ["pump", "program", "--port", "$SCRATCH/no-such-port", "--rate-ml-per-hour", "66.6", "--vtbi-ml", "100", "--drug", "tocilizumab",
                           "--concentration-mg-per-ml", "5.6", "--config-dir", "$CONFIG"]
    static let pumpStart = ["pump", "start"] + pumpBase.dropFirst(2)
    static let pumpRows: [Case] =
        numbers("pump program", pumpBase, "--rate-ml-per-hour", malformedNumbers, ["--rate-ml-per-hour"], data: .absent)
        + numbers("pump program", pumpBase, "--rate-ml-per-hour", [("0", "0"), ("999.1", "999.1"), ("2 decimal places", "66.66")], ["--rate-ml-per-hour", "999"], data: .absent)
        + numbers("pump program", pumpBase, "--vtbi-ml", [("0", "0"), ("10000", "10000"), ("-1", "-1"), ("1e2", "1e2")], ["--vtbi-ml"], data: .absent)
        + numbers("pump program", pumpBase, "--concentration-mg-per-ml", [("0", "0"), ("5 decimal places", "5.60001"), ("1001", "1001")], ["--concentration-mg-per-ml"], data: .absent)
        + numbers("pump program", pumpBase, "--watchdog-seconds", [("9", "9"), ("301", "301"), ("abc", "abc"), ("30.0", "30.0")], ["--watchdog-seconds"], data: .absent)
        + numbers("pump program", pumpBase, "--drug", [("empty", ""), ("33 characters", String(repeating: "d", count: 33)), ("ANSI escape", "\u{1B}[2Jx"),
                                                      ("with a comma (field separator)", "toci,RATE=999"), ("with a space", "toci zumab")], ["--drug", "32"], data: .absent)
        + ["identify", "status", "pause", "resume", "stop"].flatMap { name in
            [
                row("pump \(name)", "no port given", ["pump", name, "--config-dir", "$CONFIG"], ["--port", "--tcp", "--match"], data: .absent),
                row("pump \(name)", "--port and --match together", ["pump", name, "--port", "/dev/null", "--match", "0403:6001", "--config-dir", "$CONFIG"],
                    ["exactly one"], data: .absent),
                row("pump \(name)", "--address 100", ["pump", name, "--port", "/dev/null", "--address", "100", "--config-dir", "$CONFIG"], ["--address", "0 to 99"], data: .absent),
                row("pump \(name)", "--port empty", ["pump", name, "--port", "", "--config-dir", "$CONFIG"], ["--port"], data: .absent),
                row("pump \(name)", "--tcp host:99999", ["pump", name, "--tcp", "127.0.0.1:99999", "--config-dir", "$CONFIG"], ["--tcp"], data: .absent),
                row("pump \(name)", "--match 4 hex digits only", ["pump", name, "--match", "0403", "--config-dir", "$CONFIG"], ["--match"], data: .absent),
            ]
        }
        + [
            row("pump start", "--token lower case", pumpStart + ["--token", "9f3b0c2e"], ["--token", "8 upper-case hex digits"], data: .absent),
            row("pump start", "--token 7 digits", pumpStart + ["--token", "9F3B0C2"], ["--token", "8 upper-case hex digits"], data: .absent),
            row("pump start", "--token missing", pumpStart, ["--token"], data: .absent),
            // The argument parser reads an unknown subcommand as the parent's arguments and names the first option
            // it cannot place, not the word: a known limit of swift-argument-parser 1.8.
            row("pump", "unknown subcommand prime", ["pump", "prime", "--port", "/dev/null"], ["Unknown option '--port'"], data: .absent),
        ]

    static let portsRows: [Case] = [
        row("ports", "--max-events 0", ["ports", "--watch", "--max-events", "0", "--config-dir", "$CONFIG"], ["--max-events", "1 or more"], data: .absent),
        row("ports", "--max-events without --watch", ["ports", "--max-events", "1", "--config-dir", "$CONFIG"], ["--max-events", "--watch"], data: .absent),
        row("ports", "--max-events 1e309", ["ports", "--watch", "--max-events", "1e309", "--config-dir", "$CONFIG"], ["--max-events"], data: .absent),
        row("ports", "--check empty", ["ports", "--check", "", "--config-dir", "$CONFIG"], ["--check"], data: .absent),
        row("ports", "--transport serial", ["ports", "--check", "/dev/null", "--transport", "serial", "--config-dir", "$CONFIG"], ["--transport"], data: .absent),
        row("ports", "--watch and --check together", ["ports", "--watch", "--check", "/dev/null", "--config-dir", "$CONFIG"], ["--watch", "--check"], data: .absent),
    ]

    static let demoRows: [Case] = [
        row("demo", "--speed 0", ["demo", "--speed", "0", "--data-dir", "$DATA", "--config-dir", "$CONFIG"], ["--speed", "1 to 3600"], data: .absent),
        row("demo", "--speed 3601", ["demo", "--speed", "3601", "--data-dir", "$DATA", "--config-dir", "$CONFIG"], ["--speed", "1 to 3600"], data: .absent),
        row("demo", "--speed 1e309", ["demo", "--speed", "1e309", "--data-dir", "$DATA", "--config-dir", "$CONFIG"], ["--speed"], data: .absent),
        row("demo", "--config-dir does not exist", ["demo", "--data-dir", "$DATA", "--config-dir", "/nonexistent"], ["/nonexistent/tocilizumab.yaml"], data: .absent),
        row("infusion", "unknown command", ["reticulate"], ["reticulate"], data: .absent),
        row("infusion", "no command, an option only", ["--weight-kg", "70"], ["--weight-kg"], data: .absent),
    ]

    // MARK: configuration files

    /// A workflow command that reads all four files before anything else: the data directory must stay absent.
    static let readsEveryFile = ["show", "--data-dir", "$DATA", "--config-dir", "$CONFIG"]

    static func file(_ name: String, _ input: String, _ content: Case.ConfigMutation.Content, _ expected: [String]) -> Case {
        row(name, input, name == "pumps.yaml" ? ["ports", "--config-dir", "$CONFIG"] : readsEveryFile, expected, data: .absent,
            config: Case.ConfigMutation(file: name, content: content))
    }

    static func edit(_ name: String, _ input: String, _ original: String, _ replacement: String, _ expected: [String]) -> Case {
        file(name, input, .edit(original: original, replacement: replacement), expected)
    }

    static let everyFile = ["tocilizumab.yaml", "products.yaml", "site.yaml", "pumps.yaml"]

    static let fileShapeRows: [Case] = everyFile.flatMap { name in
        [
            file(name, "/dev/zero (symlink)", .symlink("/dev/zero"), ["\(name): document: is not a regular file"]),
            file(name, "a FIFO nobody writes", .fifo, ["\(name): document: is not a regular file"]),
            file(name, "a directory", .directory, ["\(name): document: is not a regular file"]),
            file(name, "symlink to a missing file", .symlink("/nonexistent/\(name)"), ["\(name): document: cannot be read"]),
            file(name, "empty", .bytes([]), ["\(name): document: is empty"]),
            file(name, "10 MB", .bytes(Array(repeating: UInt8(ascii: "#"), count: 10_000_000)), ["\(name): document: is 10000000 bytes; the limit is 1048576"]),
            file(name, "not UTF-8 (0xFF)", .bytes(Array("schemaVersion: 1\n".utf8) + [0xFF, 0x0A]), ["\(name): document: is not valid UTF-8 text"]),
            file(name, "NUL byte", .bytes(Array("schemaVersion: 1\nx\u{0}y: 1\n".utf8)), ["\(name)"]),
            file(name, "byte order mark then a list", .bytes([0xEF, 0xBB, 0xBF] + Array("- 1\n".utf8)), ["\(name)", "expected a mapping"]),
            file(name, "tab indentation", .bytes(Array("schemaVersion: 1\nx:\n\ty: 1\n".utf8)), ["\(name):3"]),
            file(name, "duplicate top-level key", .bytes(Array("schemaVersion: 1\nschemaVersion: 1\n".utf8)), ["\(name):", "schemaVersion", "twice"]),
            file(name, "a YAML alias", .bytes(Array("a: &x 1\nb: *x\n".utf8)), ["\(name):1", "anchors are not accepted"]),
            file(name, "a scalar, not a mapping", .bytes(Array("42\n".utf8)), ["\(name)", "expected a mapping"]),
            file(name, "control characters in a value (ANSI escape)", .bytes(Array("schemaVersion: \"\\e[2J1\"\n".utf8)), ["\(name):1: schemaVersion"]),
        ]
    }

    static let fieldRows: [Case] = [
        edit("site.yaml", "unknown field", "schemaVersion: 1\n", "schemaVersion: 1\ntimezone: UTC\n", ["site.yaml:3: timezone: is not a known field"]),
        edit("site.yaml", "missing source", "  source: \"policy: the hospital's local time zone; expiry dates on packs are local calendar days\"\n", "",
             ["site.yaml", "timeZone.source: is required but missing"]),
        edit("site.yaml", "timeZone Mars/Olympus", "value: Asia/Shanghai", "value: Mars/Olympus", ["site.yaml:6: timeZone.value:", "time zone identifier"]),
        edit("site.yaml", "timeZone path traversal", "value: Asia/Shanghai", "value: ../../../etc/passwd", ["site.yaml:6: timeZone.value:", "time zone identifier"]),
        edit("site.yaml", "timeZone null", "value: Asia/Shanghai", "value: ~", ["site.yaml:6: timeZone.value:", "YAML null"]),
        edit("site.yaml", "pumpPollSeconds NaN", "  value: 1\n", "  value: NaN\n", ["site.yaml:12: pumpPollSeconds.value: expected a decimal number"]),
        edit("site.yaml", "pumpPollSeconds 1e0", "  value: 1\n", "  value: 1e0\n", ["site.yaml:12: pumpPollSeconds.value: expected a decimal number"]),
        edit("site.yaml", "pumpPollSeconds 0x1", "  value: 1\n", "  value: 0x1\n", ["site.yaml:12: pumpPollSeconds.value: expected a decimal number"]),
        edit("site.yaml", "pumpPollSeconds +1", "  value: 1\n", "  value: +1\n", ["site.yaml:12: pumpPollSeconds.value: expected a decimal number"]),
        edit("site.yaml", "pumpPollSeconds 0,5", "  value: 1\n", "  value: \"0,5\"\n", ["site.yaml:12: pumpPollSeconds.value: expected a decimal number"]),
        edit("site.yaml", "pumpPollSeconds 0", "  value: 1\n", "  value: 0\n", ["site.yaml:12: pumpPollSeconds.value: must be between 0.1 and 10, found 0"]),
        edit("site.yaml", "pumpPollSeconds a list", "  value: 1\n", "  value: [1, 2]\n", ["site.yaml:12: pumpPollSeconds.value: expected a single value"]),
        edit("site.yaml", "pumpWatchdogSeconds 301", "value: 30\n", "value: 301\n", ["site.yaml:18: pumpWatchdogSeconds.value: must be between 10 and 300, found 301"]),
        edit("site.yaml", "pumpWatchdogSeconds 30.0", "value: 30\n", "value: 30.0\n", ["site.yaml:18: pumpWatchdogSeconds.value: expected a whole number"]),
        edit("site.yaml", "pumpWatchdogSeconds 20 digits", "value: 30\n", "value: 99999999999999999999\n", ["site.yaml:18: pumpWatchdogSeconds.value: expected a whole number"]),
        edit("site.yaml", "schemaVersion 2", "schemaVersion: 1", "schemaVersion: 2", ["site.yaml:2: schemaVersion: this program reads schema version 1"]),
        edit("products.yaml", "strengthMg 80mg", "    strengthMg: 80\n    volumeMl: 4\n    vialsPerPack: 1\n", "    strengthMg: 80mg\n    volumeMl: 4\n    vialsPerPack: 1\n",
             ["products.yaml:30: products[0].strengthMg: expected a decimal number"]),
        edit("products.yaml", "GTIN check digit wrong", "gtin: \"09520000080013\"", "gtin: \"09520000080014\"", ["products.yaml:26: products[0].gtin:"]),
        edit("products.yaml", "GTIN 100 000 digits", "gtin: \"09520000080013\"", "gtin: \"\(String(repeating: "1", count: 100_000))\"", ["products.yaml:26: products[0].gtin:"]),
        edit("products.yaml", "tradeName with an ANSI escape (it is printed on the label)", "    tradeName: 雅美罗® / ACTEMRA®\n    strengthMg: 80\n    volumeMl: 4\n    vialsPerPack: 1\n",
             "    tradeName: \"\\e[2J雅美罗®\"\n    strengthMg: 80\n    volumeMl: 4\n    vialsPerPack: 1\n", ["products.yaml:29: products[0].tradeName:", "control character"]),
        edit("products.yaml", "unknown field price", "    gtinSource: sample\n    activeSubstance: tocilizumab\n    tradeName: 雅美罗® / ACTEMRA®\n    strengthMg: 80\n    volumeMl: 4\n    vialsPerPack: 1\n",
             "    gtinSource: sample\n    price: 1\n    activeSubstance: tocilizumab\n    tradeName: 雅美罗® / ACTEMRA®\n    strengthMg: 80\n    volumeMl: 4\n    vialsPerPack: 1\n",
             ["products.yaml:28: products[0].price: is not a known field"]),
        edit("pumps.yaml", "baudRate 12345", "  baudRate: 38400\n", "  baudRate: 12345\n", ["pumps.yaml:17: defaults.baudRate:"]),
        edit("pumps.yaml", "vendorId zzzz", "      - vendorId: \"0403\"", "      - vendorId: \"zzzz\"", ["pumps.yaml:36: profiles[0].match[0].vendorId:"]),
        edit("pumps.yaml", "replyTimeoutMs -1", "  replyTimeoutMs: 500\n", "  replyTimeoutMs: -1\n", ["pumps.yaml:26: defaults.replyTimeoutMs:"]),
        edit("pumps.yaml", "retryCount 1e1", "  retryCount: 3\n", "  retryCount: 1e1\n", ["pumps.yaml:29: defaults.retryCount:"]),
        edit("tocilizumab.yaml", "doseCapMg NaN", "doseCapMg:\n  value: 800\n", "doseCapMg:\n  value: NaN\n", ["tocilizumab.yaml:108: doseCapMg.value: expected a decimal number"]),
        edit("tocilizumab.yaml", "doseCapMg 8e2", "doseCapMg:\n  value: 800\n", "doseCapMg:\n  value: 8e2\n", ["tocilizumab.yaml:108: doseCapMg.value: expected a decimal number"]),
        edit("tocilizumab.yaml", "weightKg range reversed", "value: \"[3, 300]\"", "value: \"[300, 3]\"", ["tocilizumab.yaml:89: inputRanges.weightKg.value:"]),
        edit("tocilizumab.yaml", "unknown top-level field", "doseCapMg:\n", "doseCapMgg: 1\ndoseCapMg:\n", ["tocilizumab.yaml:107: doseCapMgg: is not a known field"]),
    ]

    // MARK: The table

    static let cases: [Case] = prepareRows + orderRows + stepRows + scanRows + compoundRows + bedsideRows + exitRows + bedsidePumpRows + readingRows
        + pumpRows + portsRows + demoRows + fileShapeRows + fieldRows
}
