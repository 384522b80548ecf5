// swift-tools-version: 6.1
// The tocilizumab infusion package: preparation engine, pump protocol and driver, workflow and journal.
// Module map and dependency rules: docs/architecture.md. Every arrow points down.
import PackageDescription

/// A libFuzzer target in `Fuzz/<name>/` (docs/fuzzing.md). `-parse-as-library`: the entry file has no top-level code;
/// built by `scripts/fuzz` with `-DFUZZING` libFuzzer supplies `main`, otherwise the file's `@main` replays corpus files.
func fuzzTarget(_ name: String, dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: dependencies + ["FuzzSupport"],
        path: "Fuzz/\(name)",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "TocilizumabInfusion",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "infusion", targets: ["infusion"]),
        .executable(name: "pump-sim", targets: ["pump-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // Benchmarks only (Benchmarks/, scripts/bench). The RuntimeInterposer default trait is left off: it pulls a
        // package this machine does not have, and ARC counts are not what these benchmarks measure.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // MARK: Pure core: no I/O past loading a file, no clock reads.
        .target(
            name: "ConfigFile",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Monograph",
            dependencies: ["ConfigFile", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Preparation", dependencies: ["Monograph"]),
        .target(name: "PumpProtocol"),
        .target(name: "Scanning", dependencies: ["ConfigFile"]),

        // MARK: C shims: tiny, nothing but the system call surface.
        .target(name: "CPty", linkerSettings: [.linkedLibrary("util")]),
        .systemLibrary(name: "CSerialPort", pkgConfig: "libserialport", providers: [.apt(["libserialport-dev"])]),
        .systemLibrary(name: "CUdev", pkgConfig: "libudev", providers: [.apt(["libudev-dev"])]),
        // The umockdev test bed API; only the DiscoveryTests helper `device-testbed` links it.
        .systemLibrary(name: "CUMockdev", pkgConfig: "umockdev-1.0", providers: [.apt(["libumockdev-dev", "umockdev"])]),

        // MARK: Device layer.
        .target(name: "Transport", dependencies: ["CPty", "CSerialPort"]),
        .target(name: "Discovery", dependencies: ["CUdev", "ConfigFile", "Transport"]),

        // MARK: Pump driver: one actor per pump, one per line; deadlines, retransmission, read-back, start token.
        .target(name: "PumpDriver", dependencies: ["PumpProtocol", "Transport", "Discovery"]),

        // MARK: Storage.
        .target(
            name: "Journal",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // MARK: Workflow: the state machine that joins the bench and the bedside.
        .target(name: "Workflow", dependencies: ["Preparation", "Monograph", "Scanning", "Journal", "ConfigFile", "Discovery", "PumpDriver", "PumpProtocol"]),

        // MARK: Thin command line.
        .executableTarget(
            name: "infusion",
            dependencies: [
                "Monograph", "Preparation", "Workflow", "Journal", "Discovery", "Transport", "PumpDriver", "PumpProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Pump simulator: PumpProtocol and the CPty shim only, never the driver (docs/architecture.md).
        .target(name: "PumpSimulator", dependencies: ["PumpProtocol"], path: "Simulator/PumpSimulator"),
        .executableTarget(
            name: "pump-sim",
            dependencies: [
                "PumpSimulator", "PumpProtocol", "CPty",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Simulator/pump-sim"
        ),

        // MARK: Fuzz targets: scripts/fuzz builds them with libFuzzer and AddressSanitizer.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        fuzzTarget("fuzz-monograph", dependencies: ["Monograph", "ConfigFile"]),
        fuzzTarget("fuzz-gs1", dependencies: ["Scanning", "ConfigFile"]),
        fuzzTarget("fuzz-frame-decoder", dependencies: ["PumpProtocol"]),

        // MARK: Tests mirror the modules.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ConfigFileTests", dependencies: ["ConfigFile", "TestSupport"]),
        .testTarget(name: "MonographTests", dependencies: ["Monograph", "TestSupport"]),
        .testTarget(
            name: "PreparationTests",
            dependencies: [
                "Preparation", "Monograph", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "PumpProtocolTests",
            dependencies: ["PumpProtocol", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "ScanningTests", dependencies: ["Scanning", "TestSupport"]),
        .executableTarget(name: "journal-probe", dependencies: ["Journal"], path: "Tests/JournalProbe"),
        .testTarget(
            name: "JournalTests",
            dependencies: ["Journal", "TestSupport", "journal-probe", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "CPty", "TestSupport"]),
        .testTarget(
            name: "DiscoveryTests",
            dependencies: ["Discovery", "Transport", "TestSupport", "infusion", "device-testbed"],
            exclude: ["TestBed"]
        ),
        // Hosts a umockdev test bed (fake USB-serial adapters, uevents) in its own process under umockdev-wrapper, so
        // the test process itself never has its /sys redirected.
        .executableTarget(name: "device-testbed", dependencies: ["CUMockdev"], path: "Tests/DiscoveryTests/TestBed"),
        .testTarget(
            name: "WorkflowTests",
            dependencies: [
                "Workflow", "Journal", "Preparation", "Monograph", "Scanning", "PumpDriver", "PumpProtocol", "Discovery",
                "TestSupport", "pump-sim",
            ]
        ),
        .testTarget(
            name: "RecoveryTests",
            dependencies: ["Workflow", "Journal", "Preparation", "Monograph", "Scanning", "TestSupport", "infusion", "pump-sim"]
        ),
        .testTarget(name: "CLITests", dependencies: ["infusion", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "PumpSimulatorTests",
            dependencies: [
                "PumpSimulator", "PumpProtocol", .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "PumpSimProcessTests", dependencies: ["pump-sim", "PumpProtocol", "TestSupport"]),
        .testTarget(
            name: "PumpDriverTests",
            dependencies: ["PumpDriver", "PumpProtocol", "Transport", "Discovery", "TestSupport", "infusion"]
        ),
        // Hardware in the loop: the driver and `infusion pump` against the real pump-sim process (pty and TCP).
        // Depends on both executables so `swift build --build-tests` builds them; run alone with
        // `swift test --filter HardwareInLoopTests`.
        .testTarget(
            name: "HardwareInLoopTests",
            dependencies: ["PumpDriver", "PumpProtocol", "Transport", "TestSupport", "pump-sim", "infusion"]
        ),
        // Reliability evidence (docs/reliability.md): the fault matrix, controller faults (storage, clock steps), the
        // soak. Real pump-sim processes and wall-clock protocol timeouts, so `scripts/test` runs it in the second
        // phase with the hardware-in-the-loop suite.
        .testTarget(
            name: "ReliabilityTests",
            dependencies: [
                "Workflow", "Journal", "Preparation", "Monograph", "Scanning", "PumpDriver", "PumpProtocol", "Transport",
                "TestSupport", "pump-sim", "infusion", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // MARK: Benchmarks (docs/performance.md): each figure beside a baseline measured in the same run.
        // Run with `bash scripts/bench`; pump-sim and infusion are found beside the benchmark executable.
        .executableTarget(
            name: "InfusionBenchmarks",
            dependencies: [
                "PumpDriver", "PumpProtocol", "Transport", "Journal", "ConfigFile", "CPty",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/InfusionBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
