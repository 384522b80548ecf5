/// Why a benchmark could not run. Each message names the file, process or setting involved and what to do, so a
/// failed `scripts/bench` run can be fixed without reading the benchmark's code.
enum BenchError: Error, CustomStringConvertible {
    /// A built product the benchmark drives (`pump-sim`, `infusion`) is not beside the benchmark executable.
    case missingProduct(name: String, directory: String)
    /// The checkout (the directory holding `Package.swift` and `Config/`) could not be found.
    case repositoryNotFound(searchedFrom: String)
    /// A system call failed.
    case system(operation: String, detail: String)
    /// A child process could not be started.
    case spawnFailed(executable: String, detail: String)
    /// A child process ended with a failure status.
    case childFailed(executable: String, status: String, outputFile: String?)
    /// `pump-sim` did not print its endpoint in time.
    case simulatorDidNotStart(outputFile: String)
    /// The pump driver refused or failed a request during a measurement.
    case driver(String)
    /// The journal refused or failed an append.
    case journal(String)
    /// The raw SQLite baseline failed.
    case sqlite(operation: String, detail: String)
    /// Output a benchmark relies on did not have the expected form.
    case unexpectedOutput(source: String, detail: String)

    var description: String {
        switch self {
        case .missingProduct(let name, let directory):
            return "\(name) was not found in \(directory); build it there first (`bash scripts/bench` builds "
                + "pump-sim and infusion in release beside the benchmarks), or set INFUSION_BENCH_PRODUCTS to its directory"
        case .repositoryNotFound(let start):
            return "no directory holding Package.swift and Config/ above \(start); set INFUSION_BENCH_REPO to the checkout"
        case .system(let operation, let detail):
            return "\(operation) failed: \(detail)"
        case .spawnFailed(let executable, let detail):
            return "cannot start \(executable): \(detail)"
        case .childFailed(let executable, let status, let outputFile):
            return "\(executable) \(status)" + (outputFile.map { "; its output is in \($0)" } ?? "")
        case .simulatorDidNotStart(let outputFile):
            return "pump-sim did not print its endpoint within 10 s; its output is in \(outputFile)"
        case .driver(let detail):
            return "pump driver: \(detail)"
        case .journal(let detail):
            return "journal: \(detail)"
        case .sqlite(let operation, let detail):
            return "raw SQLite baseline, \(operation): \(detail)"
        case .unexpectedOutput(let source, let detail):
            return "\(source): \(detail)"
        }
    }
}
