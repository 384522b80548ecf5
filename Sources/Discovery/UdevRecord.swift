/// What libudev says about one tty device, copied out of libudev's objects.
///
/// The mapping to a ``SerialAdapter`` works on this plain value, so it is tested without a device, without libudev
/// and without a test bed.
public struct UdevRecord: Sendable, Equatable {
    /// The device node (`/dev/ttyUSB0`), when the device has one.
    public var devNode: String?
    /// The sysfs path (`/sys/devices/.../ttyUSB0/tty/ttyUSB0`).
    public var sysPath: String
    /// udev properties (`ID_VENDOR_ID`, `ID_SERIAL_SHORT`, ...), from the udev database or the event.
    public var properties: [String: String]
    /// sysfs attributes of the USB device the tty hangs off (`idVendor`, `serial`, ...); nil when it has no USB parent
    /// or, on removal, when sysfs is already gone.
    public var usbDeviceAttributes: [String: String]?

    /// Creates a record.
    public init(devNode: String?, sysPath: String, properties: [String: String], usbDeviceAttributes: [String: String]?) {
        self.devNode = devNode
        self.sysPath = sysPath
        self.properties = properties
        self.usbDeviceAttributes = usbDeviceAttributes
    }
}
