import CUdev

/// Copies what the mapping needs out of a libudev device into a plain ``UdevRecord``.
enum UdevDevice {
    /// The record for `device` (a `struct udev_device *`), borrowed, not released.
    static func record(of device: OpaquePointer) -> UdevRecord? {
        guard let sysPath = udev_device_get_syspath(device).map({ String(cString: $0) }) else { return nil }
        var properties: [String: String] = [:]
        var entry = udev_device_get_properties_list_entry(device)
        while let current = entry {
            if let name = udev_list_entry_get_name(current), let value = udev_list_entry_get_value(current) {
                properties[String(cString: name)] = String(cString: value)
            }
            entry = udev_list_entry_get_next(current)
        }
        var usbAttributes: [String: String]?
        // The parent is owned by `device` and released with it.
        if let usbDevice = udev_device_get_parent_with_subsystem_devtype(device, "usb", "usb_device") {
            var attributes: [String: String] = [:]
            for name in ["idVendor", "idProduct", "serial", "manufacturer", "product"] {
                if let value = udev_device_get_sysattr_value(usbDevice, name) {
                    attributes[name] = String(cString: value)
                }
            }
            usbAttributes = attributes
        }
        return UdevRecord(
            devNode: udev_device_get_devnode(device).map { String(cString: $0) },
            sysPath: sysPath,
            properties: properties,
            usbDeviceAttributes: usbAttributes
        )
    }
}
