import ConfigFile
import Discovery
import Foundation
import Journal
import Monograph
import Scanning

/// Everything a workflow command needs from disk: the reviewed configuration and the journal's place.
///
/// The journal lives in a data directory: `--data-dir DIR`, else `$INFUSION_DATA_DIR`, else the XDG data directory
/// (`$XDG_DATA_HOME/infusion`, by default `~/.local/share/infusion`); it is created when missing.
public struct WorkflowEnvironment: Sendable {
    /// The environment variable naming the data directory.
    public static let dataDirectoryVariable = "INFUSION_DATA_DIR"
    /// The journal's file name inside the data directory.
    public static let journalFileName = "journal.sqlite"

    /// The monograph.
    public let monograph: Monograph
    /// The site's product list.
    public let products: ProductList
    /// Site settings.
    public let site: SiteConfiguration
    /// Pump connection profiles.
    public let pumps: PumpProfileCatalog
    /// The data directory (exists).
    public let dataDirectory: String

    /// The journal's path.
    public var journalPath: String { URL(fileURLWithPath: dataDirectory).appendingPathComponent(Self.journalFileName).path }

    /// Loads the configuration and resolves the data directory, creating it when `createDataDirectory` (the
    /// commands that may start a journal); the others leave a missing one missing and let ``openJournal()`` refuse.
    public static func load(
        configDirectory: String?, dataDirectory: String?, createDataDirectory: Bool = true
    ) throws(WorkflowEnvironmentError) -> WorkflowEnvironment {
        let monograph: Monograph
        let products: ProductList
        let site: SiteConfiguration
        let pumps: PumpProfileCatalog
        do {
            monograph = try MonographLoader.load(path: ConfigLocator.path(of: "tocilizumab.yaml", explicit: configDirectory))
            products = try ProductList.load(path: ConfigLocator.path(of: "products.yaml", explicit: configDirectory))
            site = try SiteConfiguration.load(path: ConfigLocator.path(of: "site.yaml", explicit: configDirectory))
            pumps = try PumpProfileCatalog.load(path: ConfigLocator.path(of: PumpProfileCatalog.fileName, explicit: configDirectory))
        } catch {
            throw .configuration(error)
        }
        let directory = resolveDataDirectory(explicit: dataDirectory)
        do {
            if createDataDirectory { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        } catch {
            throw .dataDirectory(path: directory, cause: "\(error.localizedDescription)")
        }
        return WorkflowEnvironment(monograph: monograph, products: products, site: site, pumps: pumps, dataDirectory: directory)
    }

    /// The data directory by the rule above.
    public static func resolveDataDirectory(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[dataDirectoryVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("infusion").path
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/infusion").path
    }

    /// True when the data directory holds a journal.
    public var journalExists: Bool { FileManager.default.fileExists(atPath: journalPath) }

    /// Opens the journal, verifying it first: a journal that fails verification stops the program.
    public func openJournal() throws(WorkflowEnvironmentError) -> Journal {
        do {
            return try Journal.openVerified(at: journalPath)
        } catch {
            throw .journal(error)
        }
    }

    /// Opens the journal for reading only (verify, show, export), even when it fails verification.
    public func openJournalForAudit() throws(WorkflowEnvironmentError) -> Journal {
        do {
            return try Journal.openForAudit(at: journalPath)
        } catch {
            throw .journal(error)
        }
    }

    /// Opens the workflow over the verified journal.
    public func openWorkflow(clock: any WallClock = SystemWallClock()) async throws(WorkflowEnvironmentError) -> Workflow {
        let journal = try openJournal()
        do {
            return try await Workflow.open(journal: journal, monograph: monograph, products: products, site: site, clock: clock)
        } catch {
            throw .workflow(error)
        }
    }
}

/// Why the workflow could not be set up.
public enum WorkflowEnvironmentError: Error, Sendable, CustomStringConvertible {
    /// A configuration file is missing or malformed (exit 2).
    case configuration(ConfigError)
    /// The data directory cannot be created.
    case dataDirectory(path: String, cause: String)
    /// The journal cannot be opened, or fails verification.
    case journal(JournalError)
    /// The journal's entries cannot be replayed.
    case workflow(WorkflowError)

    /// True for configuration mistakes (exit 2); false for storage failures (exit 1).
    public var isBadInput: Bool {
        if case .configuration = self { return true }
        return false
    }

    /// One line.
    public var description: String {
        switch self {
        case .configuration(let error): error.description
        case .dataDirectory(let path, let cause): "the data directory \(path) cannot be created: \(cause)"
        case .journal(.verificationFailed(let defect)): "the journal fails verification, refusing to run on: \(defect)"
        case .journal(let error): "\(error)"
        case .workflow(let error): error.description
        }
    }
}
