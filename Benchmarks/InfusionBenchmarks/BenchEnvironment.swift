import Foundation

/// Where the benchmarks find what they drive and where they write, and how long they run.
///
/// Everything is found from the benchmark executable's own location (the release products directory that
/// `scripts/bench` fills), so the same binary works under `swift package benchmark` and run by hand. Environment
/// variables override each location for unusual layouts.
struct BenchEnvironment: Sendable {
    /// The directory holding `pump-sim`, `infusion` and this executable.
    let productsDirectory: String
    /// The checkout: `Package.swift`, `Config/`.
    let repositoryRoot: String
    /// Where pseudo-terminal links, journals, databases and child output go (on the checkout's disk, not /tmp,
    /// which may be a RAM file system where fsync costs nothing).
    let scratchDirectory: String
    /// `INFUSION_BENCH_QUICK=1` (`scripts/bench --quick`): every benchmark runs briefly, only to show that it runs.
    let quick: Bool

    /// `pump-sim` in the products directory.
    var pumpSimPath: String { productsDirectory + "/pump-sim" }
    /// `infusion` in the products directory.
    var infusionPath: String { productsDirectory + "/infusion" }
    /// The reviewed configuration files.
    var configDirectory: String { repositoryRoot + "/Config" }

    /// Reads the environment and checks that the products exist.
    static func current() throws(BenchError) -> BenchEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let products = variables["INFUSION_BENCH_PRODUCTS"] ?? (executable as NSString).deletingLastPathComponent
        let root: String
        if let given = variables["INFUSION_BENCH_REPO"] {
            root = given
        } else {
            root = try findRepository(from: products)
        }
        let scratch = variables["INFUSION_BENCH_SCRATCH"] ?? root + "/.build-bench/scratch"
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        } catch {
            throw .system(operation: "creating the scratch directory \(scratch)", detail: "\(error.localizedDescription)")
        }
        let environment = BenchEnvironment(
            productsDirectory: products, repositoryRoot: root, scratchDirectory: scratch,
            quick: variables["INFUSION_BENCH_QUICK"] == "1")
        for (name, path) in [("pump-sim", environment.pumpSimPath), ("infusion", environment.infusionPath)]
        where !FileManager.default.isExecutableFile(atPath: path) {
            throw .missingProduct(name: name, directory: products)
        }
        return environment
    }

    /// A fresh path inside the scratch directory, unique to this run.
    func scratchPath(_ name: String) -> String {
        "\(scratchDirectory)/\(name)-\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    private static func findRepository(from start: String) throws(BenchError) -> String {
        var directory = URL(fileURLWithPath: start)
        while directory.path != "/" {
            let manifest = directory.appendingPathComponent("Package.swift").path
            let config = directory.appendingPathComponent("Config").path
            if FileManager.default.fileExists(atPath: manifest), FileManager.default.fileExists(atPath: config) {
                return directory.path
            }
            directory.deleteLastPathComponent()
        }
        throw .repositoryNotFound(searchedFrom: start)
    }
}
