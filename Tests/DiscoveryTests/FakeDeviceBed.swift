import Foundation
import TestSupport

/// A umockdev test bed in its own process (the `device-testbed` helper under `umockdev-wrapper`): fake USB-serial
/// adapters with sysfs, udev properties and uevents, seen by programs run under `umockdev-wrapper` with its directory.
final class FakeDeviceBed: @unchecked Sendable {
    /// The bed's directory; programs see the bed when run under `umockdev-wrapper` with `UMOCKDEV_DIR` set to it.
    let directory: String
    private let helper: InteractiveProcess
    private let scratch: URL

    /// Starts a bed (the helper's start-up is waited for on a thread of its own, off the cooperative pool).
    static func start() async throws -> FakeDeviceBed {
        try await DedicatedThread.run("test bed start") { try FakeDeviceBed() }
    }

    private init() throws {
        scratch = try RepositoryLayout.temporaryDirectory("testbed")
        helper = try InteractiveProcess(
            try Tools.path("umockdev-wrapper"), [RepositoryLayout.product("device-testbed").path])
        guard let ready = helper.nextLine(), ready.hasPrefix("ready ") else {
            throw BedFailure(message: "the test bed did not start: \(helper.everything(.stderr))")
        }
        directory = String(ready.dropFirst("ready ".count))
    }

    deinit {
        helper.closeInput()
        _ = helper.waitForExit(within: .seconds(10))
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The environment that puts a program started under `umockdev-wrapper` into this bed.
    var environment: [String: String] { ["UMOCKDEV_DIR": directory] }

    /// Plugs in the devices of a umockdev description (each tty arrival sends an "add" uevent).
    func plug(_ description: String) async throws {
        let file = scratch.appendingPathComponent("\(UUID().uuidString).umockdev")
        try description.write(to: file, atomically: true, encoding: .utf8)
        try await command("add \(file.path)")
    }

    /// Pulls out the tty at `sysPath` (a "remove" uevent, then the device goes).
    func unplug(sysPath: String) async throws {
        try await command("remove \(sysPath)")
    }

    /// Lets an unprivileged user (`nobody`) use the bed.
    func share() async throws {
        try await command("share")
    }

    /// Sends one command to the helper and waits (on a thread of its own) for its "ok".
    private func command(_ line: String) async throws {
        let helper = helper
        try await DedicatedThread.run("test bed command") {
            helper.send(line)
            let reply = helper.nextLine()
            guard reply == "ok" else {
                throw BedFailure(message: "'\(line)' -> \(reply ?? "no reply"): \(helper.everything(.stderr))")
            }
        }
    }

    /// A USB-serial adapter as umockdev describes one: the USB device, its interface and the tty, with the sysfs
    /// attributes the kernel gives and (when `udevProperties`) the ID_* properties udev's rules add.
    static func adapter(
        usbPort: String, tty: String, vendorId: String, productId: String, serial: String?,
        manufacturer: String, product: String, udevProperties: Bool = true
    ) -> (description: String, sysPath: String) {
        let usbPath = "/devices/pci0000:00/0000:00:14.0/usb1/\(usbPort)"
        let ttyPath = "\(usbPath)/\(usbPort):1.0/\(tty)/tty/\(tty)"
        var lines = [
            "P: \(usbPath)", "E: SUBSYSTEM=usb", "E: DEVTYPE=usb_device",
            "A: idVendor=\(vendorId)", "A: idProduct=\(productId)", "A: manufacturer=\(manufacturer)", "A: product=\(product)",
        ]
        if let serial { lines.append("A: serial=\(serial)") }
        lines += ["", "P: \(usbPath)/\(usbPort):1.0", "E: SUBSYSTEM=usb", "E: DEVTYPE=usb_interface", "A: bInterfaceNumber=00", ""]
        lines += ["P: \(ttyPath)", "N: \(tty)", "E: DEVNAME=/dev/\(tty)", "E: SUBSYSTEM=tty"]
        if udevProperties {
            lines += [
                "E: ID_BUS=usb", "E: ID_VENDOR_ID=\(vendorId)", "E: ID_MODEL_ID=\(productId)",
                "E: ID_VENDOR=\(manufacturer.replacingOccurrences(of: " ", with: "_"))",
                "E: ID_MODEL=\(product.replacingOccurrences(of: " ", with: "_"))",
            ]
            if let serial { lines.append("E: ID_SERIAL_SHORT=\(serial)") }
        }
        return (lines.joined(separator: "\n") + "\n", "/sys" + ttyPath)
    }
}

struct BedFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// System tools the umockdev tests run.
enum Tools {
    /// The absolute path of `name` on PATH (or in /usr/bin), or an error saying which package provides it.
    static func path(_ name: String) throws -> URL {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        for directory in directories {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw BedFailure(message: "\(name) not found: install the Debian packages umockdev and util-linux")
    }
}
