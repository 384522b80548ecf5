import ConfigFile
import Foundation

/// Site settings the workflow needs (`Config/site.yaml`): the local time zone and the pump supervision periods.
public struct SiteConfiguration: Sendable {
    /// The pharmacy's time zone: expiry dates are local calendar days.
    public let timeZone: TimeZone
    /// Seconds between status requests to a running pump.
    public let pumpPollSeconds: Decimal
    /// The watchdog period programmed into each pump, seconds.
    public let pumpWatchdogSeconds: Int

    /// Creates settings directly (tests).
    public init(timeZone: TimeZone, pumpPollSeconds: Decimal, pumpWatchdogSeconds: Int) {
        self.timeZone = timeZone
        self.pumpPollSeconds = pumpPollSeconds
        self.pumpWatchdogSeconds = pumpWatchdogSeconds
    }

    /// Loads `site.yaml`, refusing anything incomplete or out of range with file, line and field named.
    public static func load(path: String) throws(ConfigError) -> SiteConfiguration {
        let root = try ConfigDocument.load(path: path).root
        try root.requireOnlyFields(["schemaVersion", "timeZone", "pumpPollSeconds", "pumpWatchdogSeconds"])
        let version = try root.field("schemaVersion")
        guard try version.int() == 1 else { throw version.error("this program reads schema version 1") }
        func value(_ key: String) throws(ConfigError) -> ConfigNode {
            let node = try root.field(key)
            try node.requireOnlyFields(["value", "source"])
            _ = try node.field("source").string()
            return try node.field("value")
        }
        let zoneNode = try value("timeZone")
        let zoneName = try zoneNode.string()
        guard let zone = TimeZone(identifier: zoneName) else {
            throw zoneNode.error("'\(zoneName)' is not a time zone identifier such as Asia/Shanghai")
        }
        let poll = try value("pumpPollSeconds").decimal(in: Decimal(1) / 10 ... 10)
        return SiteConfiguration(timeZone: zone, pumpPollSeconds: poll, pumpWatchdogSeconds: try value("pumpWatchdogSeconds").int(in: 10...300))
    }
}
