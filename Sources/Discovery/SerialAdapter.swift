/// A USB serial adapter the system sees: where its device node is and what it says it is.
public struct SerialAdapter: Sendable, Equatable {
    /// The device node to open (`/dev/ttyUSB0`).
    public let devNode: String
    /// USB vendor id, 4 lowercase hex digits (`0403` for FTDI).
    public let vendorId: String
    /// USB product id, 4 lowercase hex digits (`6001` for an FT232R).
    public let productId: String
    /// The USB serial number (`ID_SERIAL_SHORT`), when the adapter has one.
    public let serialNumber: String?
    /// The maker, as the adapter or the USB id database names it.
    public let manufacturer: String?
    /// The product name, as the adapter or the USB id database names it.
    public let model: String?
    /// The sysfs path, which says which physical USB port it is plugged into.
    public let sysPath: String

    /// Creates an adapter description.
    public init(
        devNode: String, vendorId: String, productId: String, serialNumber: String?, manufacturer: String?,
        model: String?, sysPath: String
    ) {
        self.devNode = devNode
        self.vendorId = vendorId
        self.productId = productId
        self.serialNumber = serialNumber
        self.manufacturer = manufacturer
        self.model = model
        self.sysPath = sysPath
    }

    /// What identifies this adapter across unplugging.
    public var identity: AdapterIdentity {
        AdapterIdentity(vendorId: vendorId, productId: productId, serialNumber: serialNumber)
    }

    /// The adapter a udev record describes, or nil when it is not a serial adapter: a tty counts when it hangs off a
    /// USB device or udev gave it a vendor id, and it has a device node and well-formed vendor and product ids.
    ///
    /// Each field prefers the most exact source: udev's properties first (they survive the device's removal, so a
    /// removal event can still be matched), then the USB device's own sysfs attributes (present even where no udev
    /// daemon fills the database, as in containers). The maker and model prefer the adapter's own strings
    /// (sysfs `manufacturer`/`product`, udev `_ENC`) over the USB id database's and over udev's underscored copies.
    public init?(record: UdevRecord) {
        let properties = record.properties
        let usb = record.usbDeviceAttributes ?? [:]
        guard let devNode = UdevText.trimmed(record.devNode),
              record.usbDeviceAttributes != nil || properties["ID_VENDOR_ID"] != nil,
              let vendorId = UdevText.usbIdentifier(properties["ID_VENDOR_ID"] ?? usb["idVendor"]),
              let productId = UdevText.usbIdentifier(properties["ID_MODEL_ID"] ?? usb["idProduct"]) else {
            return nil
        }
        self.init(
            devNode: devNode,
            vendorId: vendorId,
            productId: productId,
            serialNumber: UdevText.trimmed(properties["ID_SERIAL_SHORT"]) ?? UdevText.trimmed(usb["serial"]),
            manufacturer: UdevText.trimmed(usb["manufacturer"])
                ?? UdevText.decodeEscaped(properties["ID_VENDOR_ENC"])
                ?? UdevText.trimmed(properties["ID_VENDOR_FROM_DATABASE"])
                ?? UdevText.trimmed(properties["ID_VENDOR"]),
            model: UdevText.trimmed(usb["product"])
                ?? UdevText.decodeEscaped(properties["ID_MODEL_ENC"])
                ?? UdevText.trimmed(properties["ID_MODEL_FROM_DATABASE"])
                ?? UdevText.trimmed(properties["ID_MODEL"]),
            sysPath: record.sysPath
        )
    }
}
