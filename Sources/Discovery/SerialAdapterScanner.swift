import CUdev
import Glibc

/// Lists the USB serial adapters present now, through libudev.
///
/// A quick walk of sysfs and the udev database (no device is opened), so it is fine to call from a command or between
/// reconnection attempts.
public enum SerialAdapterScanner {
    /// Every serial adapter present, sorted by device node.
    public static func scan() throws(DiscoveryError) -> [SerialAdapter] {
        guard let udev = udev_new() else {
            throw .enumerationFailed(detail: "udev_new failed: \(String(cString: strerror(errno)))")
        }
        defer { udev_unref(udev) }
        guard let enumeration = udev_enumerate_new(udev) else {
            throw .enumerationFailed(detail: "udev_enumerate_new failed: \(String(cString: strerror(errno)))")
        }
        defer { udev_enumerate_unref(enumeration) }
        let matched = udev_enumerate_add_match_subsystem(enumeration, "tty")
        let scanned = udev_enumerate_scan_devices(enumeration)
        guard matched >= 0, scanned >= 0 else {
            throw .enumerationFailed(detail: "scanning tty devices failed: \(String(cString: strerror(-min(matched, scanned))))")
        }
        var adapters: [SerialAdapter] = []
        var entry = udev_enumerate_get_list_entry(enumeration)
        while let current = entry {
            entry = udev_list_entry_get_next(current)
            // A device can vanish between the listing and this lookup (unplugged meanwhile): skip it.
            guard let path = udev_list_entry_get_name(current), let device = udev_device_new_from_syspath(udev, path) else {
                continue
            }
            defer { udev_device_unref(device) }
            if let record = UdevDevice.record(of: device), let adapter = SerialAdapter(record: record) {
                adapters.append(adapter)
            }
        }
        return adapters.sorted { $0.devNode < $1.devNode }
    }

    /// The adapter with `identity`, if it is plugged in; throws when the identity has no serial number and several
    /// adapters fit it, since then the pump's adapter cannot be told apart.
    public static func find(_ identity: AdapterIdentity) throws(DiscoveryError) -> SerialAdapter? {
        try select(identity, from: scan())
    }

    /// The one adapter among `adapters` that `identity` matches (the pure part of ``find(_:)``).
    public static func select(_ identity: AdapterIdentity, from adapters: [SerialAdapter]) throws(DiscoveryError) -> SerialAdapter? {
        let candidates = adapters.filter { identity.matches($0) }
        guard candidates.count <= 1 else {
            throw .ambiguousAdapter(identity: identity.description, devNodes: candidates.map(\.devNode))
        }
        return candidates.first
    }
}
