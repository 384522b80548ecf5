import Foundation

/// Where the repository's files are, found from this source file's location so tests work from any directory.
public enum RepositoryLayout {
    /// The repository root (the directory holding `Package.swift`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Config/` at the repository root.
    public static var configDirectory: URL { root.appendingPathComponent("Config") }

    /// A file under `Config/`.
    public static func config(_ name: String) -> URL { configDirectory.appendingPathComponent(name) }

    /// The drug label beside the repository, as CI provides it (`../shared/label`).
    public static var labelFile: URL {
        root.deletingLastPathComponent().appendingPathComponent("shared/label/000_eded61b26d24f12b.txt")
    }

    /// The directory holding the built executables (`infusion`, `pump-sim`): the one the test binary runs from.
    public static var productsDirectory: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // An .xctest bundle on Darwin nests the binary; on Linux the test binary sits beside the products.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS" || directory.lastPathComponent == "Contents" {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }

    /// A built executable by product name.
    public static func product(_ name: String) -> URL { productsDirectory.appendingPathComponent(name) }

    /// A fresh, empty temporary directory for one test.
    public static func temporaryDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("infusion-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
