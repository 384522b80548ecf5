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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
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

        // MARK: Device layer.
        .target(name: "Transport", dependencies: ["CPty", "CSerialPort"]),
        .target(name: "Discovery", dependencies: ["CUdev", "ConfigFile"]),

        // MARK: Storage.
        .target(
            name: "Journal",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // MARK: Thin command line.
        .executableTarget(
            name: "infusion",
            dependencies: [
                "Monograph", "Preparation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Fuzz targets: scripts/fuzz builds them with libFuzzer and AddressSanitizer.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        fuzzTarget("fuzz-monograph", dependencies: ["Monograph", "ConfigFile"]),
        fuzzTarget("fuzz-gs1", dependencies: ["Scanning", "ConfigFile"]),
        // fuzzTarget("fuzz-frame-decoder", dependencies: ["PumpProtocol"]),  // + scripts/fuzz table + Fuzz/Corpus/

        // MARK: Tests mirror the modules.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ConfigFileTests", dependencies: ["ConfigFile"]),
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
        .testTarget(name: "JournalTests", dependencies: ["Journal", "TestSupport"]),
        .testTarget(name: "TransportTests", dependencies: ["Transport", "CPty", "TestSupport"]),
        .testTarget(name: "DiscoveryTests", dependencies: ["Discovery", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["infusion", "TestSupport"]),
    ]
)
