import Foundation

/// Finds the `Config/` directory that holds the reviewed configuration files.
///
/// In order: an explicit directory (a command-line option), `$INFUSION_CONFIG_DIR`, `./Config`, then `Config/` in an
/// ancestor of the executable (so a build run from anywhere in the checkout finds its own files). An installation
/// sets `INFUSION_CONFIG_DIR` and never relies on the last two.
public enum ConfigLocator {
    /// The environment variable that names the configuration directory.
    public static let environmentVariable = "INFUSION_CONFIG_DIR"

    /// The directory to read `fileName` from, or nil when none of the candidates holds it.
    public static func directory(
        containing fileName: String,
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String = CommandLine.arguments.first ?? ""
    ) -> String? {
        if let explicit { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        let manager = FileManager.default
        let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent("Config")
        if manager.fileExists(atPath: local.appendingPathComponent(fileName).path) { return local.path }
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" && !directory.path.isEmpty {
            let candidate = directory.appendingPathComponent("Config")
            if manager.fileExists(atPath: candidate.appendingPathComponent(fileName).path) { return candidate.path }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// The path of `fileName` in the located directory, or an error saying where it looked and how to point to it.
    public static func path(of fileName: String, explicit: String?) throws(ConfigError) -> String {
        guard let directory = directory(containing: fileName, explicit: explicit) else {
            throw ConfigError(
                file: "Config/\(fileName)", field: "", line: nil,
                problem: "not found in ./Config or beside the executable; pass --config-dir DIR or set \(environmentVariable)")
        }
        return URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
    }
}
