import ConfigFile
import Foundation
import Transport

/// The pump profiles of `Config/pumps.yaml`, and which of them fits a given adapter.
///
/// The file is read strictly (``ConfigFile``): unknown fields, malformed ids, unsupported baud rates and two profiles
/// claiming the same adapter are all refused with the file, line and field, because a wrong match means driving a
/// pump with the wrong settings or protocol.
public struct PumpProfileCatalog: Sendable {
    /// The schema version this reader understands.
    public static let schemaVersion = 1
    /// The file's name under `Config/`.
    public static let fileName = "pumps.yaml"

    /// The file the catalog was read from.
    public let file: String
    /// The profiles, in file order.
    public let profiles: [PumpProfile]

    /// Reads and checks the catalog at `path`.
    public static func load(path: String) throws(ConfigError) -> PumpProfileCatalog {
        try build(ConfigDocument.load(path: path), file: path)
    }

    /// Parses and checks catalog `bytes`, naming them `file` in errors.
    public static func parse(_ bytes: Data, file: String) throws(ConfigError) -> PumpProfileCatalog {
        try build(ConfigDocument.parse(bytes, file: file), file: file)
    }

    /// The profile called `name`.
    public func profile(named name: String) -> PumpProfile? {
        profiles.first { $0.name == name }
    }

    /// The profile for `adapter`: one whose rule names its serial number wins over one that covers its whole model.
    /// Loading guarantees at most one of each, so the answer never depends on file order.
    public func profile(for adapter: SerialAdapter) -> PumpProfile? {
        let pinned = profiles.first { profile in
            profile.matchRules.contains { $0.serialNumber != nil && $0.matches(adapter) }
        }
        return pinned ?? profiles.first { profile in
            profile.matchRules.contains { $0.serialNumber == nil && $0.matches(adapter) }
        }
    }

    // MARK: Reading

    private static let settingFields: Set<String> = ["baudRate", "framing", "protocol", "replyTimeoutMs", "retryCount"]

    private struct Settings {
        var baudRate: BaudRate
        var framing: LineFraming
        var wireProtocol: WireProtocol
        var replyTimeoutMs: Int
        var retryCount: Int
    }

    private static func build(_ document: ConfigDocument, file: String) throws(ConfigError) -> PumpProfileCatalog {
        let root = document.root
        try root.requireOnlyFields(["schemaVersion", "defaults", "profiles"])
        let version = try root.field("schemaVersion")
        guard try version.int() == schemaVersion else {
            throw version.error("this program reads schema version \(schemaVersion)")
        }
        let defaultsNode = try root.field("defaults")
        try defaultsNode.requireOnlyFields(settingFields)
        let defaults = Settings(
            baudRate: try baudRate(defaultsNode.field("baudRate")),
            framing: try defaultsNode.field("framing").oneOf(LineFraming.self),
            wireProtocol: try defaultsNode.field("protocol").oneOf(WireProtocol.self),
            replyTimeoutMs: try replyTimeoutMs(defaultsNode.field("replyTimeoutMs")),
            retryCount: try retryCount(defaultsNode.field("retryCount"))
        )
        var profiles: [PumpProfile] = []
        var ruleOwners: [ProfileMatchRule: String] = [:]
        for node in try root.field("profiles").nonEmptyItems() {
            let profile = try readProfile(node, defaults: defaults)
            if profiles.contains(where: { $0.name == profile.name }) {
                throw try node.field("name").error("'\(profile.name)' names two profiles; names must be unique")
            }
            for (index, rule) in profile.matchRules.enumerated() {
                if let owner = ruleOwners[rule] {
                    let ruleNode = try node.field("match").items()[index]
                    throw ruleNode.error("adapter \(rule.summary) is already matched by profile '\(owner)'; an adapter must match one profile")
                }
                ruleOwners[rule] = profile.name
            }
            profiles.append(profile)
        }
        return PumpProfileCatalog(file: file, profiles: profiles)
    }

    private static func readProfile(_ node: ConfigNode, defaults: Settings) throws(ConfigError) -> PumpProfile {
        try node.requireOnlyFields(settingFields.union(["name", "description", "match"]))
        let nameNode = try node.field("name")
        let name = try nameNode.string()
        guard name.count <= 40, name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
            throw nameNode.error("expected lowercase letters, digits and hyphens (at most 40), found '\(name)'")
        }
        var rules: [ProfileMatchRule] = []
        for ruleNode in try node.field("match").items() {
            let rule = try readRule(ruleNode)
            if rules.contains(rule) { throw ruleNode.error("repeats adapter \(rule.summary)") }
            rules.append(rule)
        }
        var settings = defaults
        if let value = try node.optionalField("baudRate") { settings.baudRate = try baudRate(value) }
        if let value = try node.optionalField("framing") { settings.framing = try value.oneOf(LineFraming.self) }
        if let value = try node.optionalField("protocol") { settings.wireProtocol = try value.oneOf(WireProtocol.self) }
        if let value = try node.optionalField("replyTimeoutMs") { settings.replyTimeoutMs = try replyTimeoutMs(value) }
        if let value = try node.optionalField("retryCount") { settings.retryCount = try retryCount(value) }
        return PumpProfile(
            name: name,
            summary: try node.field("description").string(),
            matchRules: rules,
            baudRate: settings.baudRate,
            framing: settings.framing,
            wireProtocol: settings.wireProtocol,
            replyTimeout: .milliseconds(settings.replyTimeoutMs),
            retryCount: settings.retryCount
        )
    }

    private static func readRule(_ node: ConfigNode) throws(ConfigError) -> ProfileMatchRule {
        try node.requireOnlyFields(["vendorId", "productId", "serialNumber"])
        return ProfileMatchRule(
            vendorId: try usbIdentifier(node.field("vendorId")),
            productId: try usbIdentifier(node.field("productId")),
            serialNumber: try node.optionalField("serialNumber")?.string()
        )
    }

    private static func usbIdentifier(_ node: ConfigNode) throws(ConfigError) -> String {
        let text = try node.string()
        guard let identifier = UdevText.usbIdentifier(text) else {
            throw node.error("expected 4 hex digits such as 0403 (as `infusion ports` shows them), found '\(text)'")
        }
        return identifier
    }

    private static func baudRate(_ node: ConfigNode) throws(ConfigError) -> BaudRate {
        let value = try node.int()
        guard let rate = BaudRate(value) else {
            throw node.error("expected one of \(BaudRate.acceptedList), found \(value)")
        }
        return rate
    }

    /// 50 ms to 60 s: below 50 ms a USB adapter's own latency (an FTDI chip holds bytes up to 16 ms) would cause
    /// false timeouts; above a minute a lost pump would go unnoticed for too long.
    private static func replyTimeoutMs(_ node: ConfigNode) throws(ConfigError) -> Int {
        try node.int(in: 50...60_000)
    }

    /// 0 to 5 repeats: more would hide a failing line behind retries instead of alarming.
    private static func retryCount(_ node: ConfigNode) throws(ConfigError) -> Int {
        try node.int(in: 0...5)
    }
}
