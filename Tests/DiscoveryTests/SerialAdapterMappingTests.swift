import Testing
@testable import Discovery

/// The pure mapping from what udev reports to a ``SerialAdapter``; expected values are the inputs, read by hand.
@Suite("Mapping udev records to serial adapters")
struct SerialAdapterMappingTests {
    let ftdiSysPath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/ttyUSB0/tty/ttyUSB0"

    /// What udev reports for an FTDI FT232R cable on a system with a udev daemon.
    var ftdiProperties: [String: String] {
        [
            "DEVNAME": "/dev/ttyUSB0", "SUBSYSTEM": "tty", "ID_BUS": "usb",
            "ID_VENDOR_ID": "0403", "ID_MODEL_ID": "6001", "ID_SERIAL_SHORT": "A12345",
            "ID_VENDOR": "FTDI", "ID_VENDOR_ENC": "FTDI",
            "ID_MODEL": "FT232R_USB_UART", "ID_MODEL_ENC": "FT232R\\x20USB\\x20UART",
            "ID_VENDOR_FROM_DATABASE": "Future Technology Devices International, Ltd",
            "ID_MODEL_FROM_DATABASE": "FT232 Serial (UART) IC",
        ]
    }

    @Test("an FTDI adapter with full udev properties")
    func ftdiFromProperties() throws {
        let record = UdevRecord(devNode: "/dev/ttyUSB0", sysPath: ftdiSysPath, properties: ftdiProperties, usbDeviceAttributes: nil)
        let adapter = try #require(SerialAdapter(record: record))
        #expect(adapter == SerialAdapter(
            devNode: "/dev/ttyUSB0", vendorId: "0403", productId: "6001", serialNumber: "A12345",
            manufacturer: "FTDI", model: "FT232R USB UART", sysPath: ftdiSysPath))
        #expect(adapter.identity == AdapterIdentity(vendorId: "0403", productId: "6001", serialNumber: "A12345"))
    }

    @Test("without a udev database, the USB device's own attributes are used")
    func usbAttributesOnly() throws {
        let record = UdevRecord(
            devNode: "/dev/ttyUSB3", sysPath: "/sys/x/ttyUSB3", properties: ["SUBSYSTEM": "tty"],
            usbDeviceAttributes: ["idVendor": "067B", "idProduct": "2303", "manufacturer": "Prolific Technology Inc. ",
                                  "product": "USB-Serial Controller"])
        let adapter = try #require(SerialAdapter(record: record))
        #expect(adapter.vendorId == "067b")
        #expect(adapter.productId == "2303")
        #expect(adapter.serialNumber == nil)
        #expect(adapter.manufacturer == "Prolific Technology Inc.")
        #expect(adapter.model == "USB-Serial Controller")
    }

    @Test("the adapter's own strings win over the USB id database, which wins over udev's underscored copy")
    func nameFallbacks() throws {
        var properties = ftdiProperties
        properties["ID_VENDOR_ENC"] = nil
        properties["ID_MODEL_ENC"] = nil
        var adapter = try #require(SerialAdapter(record: UdevRecord(
            devNode: "/dev/ttyUSB0", sysPath: ftdiSysPath, properties: properties, usbDeviceAttributes: nil)))
        #expect(adapter.manufacturer == "Future Technology Devices International, Ltd")
        #expect(adapter.model == "FT232 Serial (UART) IC")
        properties["ID_VENDOR_FROM_DATABASE"] = nil
        properties["ID_MODEL_FROM_DATABASE"] = nil
        adapter = try #require(SerialAdapter(record: UdevRecord(
            devNode: "/dev/ttyUSB0", sysPath: ftdiSysPath, properties: properties, usbDeviceAttributes: nil)))
        #expect(adapter.manufacturer == "FTDI")
        #expect(adapter.model == "FT232R_USB_UART")
        adapter = try #require(SerialAdapter(record: UdevRecord(
            devNode: "/dev/ttyUSB0", sysPath: ftdiSysPath, properties: properties,
            usbDeviceAttributes: ["manufacturer": "FTDI Ltd", "product": "TTL-232R-3V3", "serial": "IGNORED"])))
        #expect(adapter.manufacturer == "FTDI Ltd")
        #expect(adapter.model == "TTL-232R-3V3")
        #expect(adapter.serialNumber == "A12345")  // ID_SERIAL_SHORT first
    }

    @Test("ttys that are no adapters are left out")
    func notAdapters() {
        // A built-in UART: no USB parent, no vendor id.
        #expect(SerialAdapter(record: UdevRecord(
            devNode: "/dev/ttyS0", sysPath: "/sys/devices/platform/serial8250/tty/ttyS0",
            properties: ["SUBSYSTEM": "tty"], usbDeviceAttributes: nil)) == nil)
        // No device node.
        #expect(SerialAdapter(record: UdevRecord(
            devNode: nil, sysPath: ftdiSysPath, properties: ftdiProperties, usbDeviceAttributes: nil)) == nil)
        // Malformed ids.
        for bad in ["403", "04031", "04g3", "", "0x0403"] {
            var properties = ftdiProperties
            properties["ID_VENDOR_ID"] = bad
            #expect(SerialAdapter(record: UdevRecord(
                devNode: "/dev/ttyUSB0", sysPath: ftdiSysPath, properties: properties, usbDeviceAttributes: nil)) == nil)
        }
    }

    @Test("udev's \\xHH escapes are decoded")
    func escapes() {
        #expect(UdevText.decodeEscaped("FT232R\\x20USB\\x20UART") == "FT232R USB UART")
        #expect(UdevText.decodeEscaped("Caf\\xc3\\xa9") == "Café")
        #expect(UdevText.decodeEscaped("back\\slash\\x2") == "back\\slash\\x2")
        #expect(UdevText.decodeEscaped("\\x20\\x20") == nil)
        #expect(UdevText.decodeEscaped(nil) == nil)
    }

    @Test("udev actions map to events; other actions and non-adapters do not")
    func events() throws {
        let record = UdevRecord(devNode: "/dev/ttyUSB0", sysPath: ftdiSysPath, properties: ftdiProperties, usbDeviceAttributes: nil)
        let added = try #require(PortEvent(action: "add", record: record))
        #expect(added.action == .added)
        #expect(added.adapter.devNode == "/dev/ttyUSB0")
        #expect(PortEvent(action: "remove", record: record)?.action == .removed)
        #expect(PortEvent(action: "change", record: record) == nil)
        #expect(PortEvent(action: "bind", record: record) == nil)
        let uart = UdevRecord(devNode: "/dev/ttyS1", sysPath: "/sys/x/ttyS1", properties: [:], usbDeviceAttributes: nil)
        #expect(PortEvent(action: "add", record: uart) == nil)
    }

    @Test("an adapter is found again by its identity at a new device node; twins without serials are refused")
    func findingByIdentity() throws {
        func adapter(_ node: String, _ serial: String?, vendor: String = "0403") -> SerialAdapter {
            SerialAdapter(devNode: node, vendorId: vendor, productId: "6001", serialNumber: serial,
                          manufacturer: nil, model: nil, sysPath: "/sys/\(node)")
        }
        let pump = AdapterIdentity(vendorId: "0403", productId: "6001", serialNumber: "A12345")
        let present = [adapter("/dev/ttyUSB0", "B99999"), adapter("/dev/ttyUSB1", "A12345"), adapter("/dev/ttyUSB2", nil)]
        #expect(try SerialAdapterScanner.select(pump, from: present)?.devNode == "/dev/ttyUSB1")
        #expect(try SerialAdapterScanner.select(pump, from: [adapter("/dev/ttyUSB0", "B99999")]) == nil)
        let anonymous = AdapterIdentity(vendorId: "0403", productId: "6001", serialNumber: nil)
        #expect(try SerialAdapterScanner.select(anonymous, from: present)?.devNode == "/dev/ttyUSB2")
        #expect(throws: DiscoveryError.ambiguousAdapter(
            identity: "0403:6001 (no serial number)", devNodes: ["/dev/ttyUSB2", "/dev/ttyUSB5"])) {
            try SerialAdapterScanner.select(anonymous, from: present + [adapter("/dev/ttyUSB5", nil)])
        }
    }
}
