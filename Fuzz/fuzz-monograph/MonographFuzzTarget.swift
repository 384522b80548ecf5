import ConfigFile
import Foundation
import FuzzSupport
import Monograph

/// Feeds arbitrary bytes to the monograph loader, the one gate between a file on disk and every dose computed.
///
/// The loader must refuse anything incomplete or inconsistent with a `ConfigError`, never crash, never hang, and never
/// accept a monograph that breaks its own rules; ``MonographInvariants`` checks every accepted one.
enum MonographFuzzTarget {
    /// The name the input is given in error messages: every `ConfigError` must start with it.
    static let fileName = "fuzz-input.yaml"

    /// Loads `bytes` as a monograph; checks what was accepted and the message of what was refused.
    static func run(_ bytes: Data) -> FuzzOutcome {
        let monograph: Monograph
        do {
            monograph = try MonographLoader.parse(bytes, file: fileName)
        } catch {
            let message = error.description
            FuzzInvariant.require(message.hasPrefix(fileName), "a ConfigError does not name its file: \(message)")
            return .refused(reason: message)
        }
        MonographInvariants.check(monograph, file: fileName)
        return .accepted(summary: "monograph sha256 \(monograph.sha256)")
    }
}
